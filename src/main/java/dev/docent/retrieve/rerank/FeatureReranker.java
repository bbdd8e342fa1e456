package dev.docent.retrieve.rerank;

import dev.docent.retrieve.config.RetrieveConfig;
import dev.docent.retrieve.service.Candidate;
import dev.docent.retrieve.service.ReciprocalRankFusion;
import dev.docent.retrieve.service.Reranker;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * The built-in offline reranker: a linear score over per-query min-max normalised features, no model needed.
 * Features: dense cosine similarity, BM25, the share of query terms the chunk contains, the share found in the
 * document title, and the share of the query's identifiers (tokens with a digit: order and part numbers, codes,
 * gene names) the chunk contains verbatim, which a dense model cannot see and one matching chunk among thousands of
 * look-alike rows must win on. A candidate one retriever did not return gets that retriever's lowest score in the
 * list (its true score is below the list's cut-off). This is a convex combination of the retrievers' scores (which
 * uses score magnitudes, unlike rank fusion) plus three cheap lexical signals.
 */
public class FeatureReranker implements Reranker {
    /** Share of the candidates that may hold a coined query term for it to count as an identifier. */
    static final double RARE_SHARE = 0.05;

    /**
     * Coined terms count only in queries of at most this many terms: in "What is RMJM?" the acronym is the query and the
     * dense model cannot read it; in a long claim the other words carry its meaning (counting them there cost SciFact
     * train 0.005 nDCG@10).
     */
    static final int SHORT_QUERY_TERMS = 4;

    private final RetrieveConfig.Features weights;

    public FeatureReranker(RetrieveConfig.Features weights) {
        this.weights = weights;
    }

    @Override
    public String name() {
        return "features";
    }

    @Override
    public List<Candidate> rerank(String query, List<Candidate> candidates) {
        double[] dense = normalised(candidates, Candidate::vectorScore);
        double[] bm25 = normalised(candidates, Candidate::keywordScore);
        Set<String> q = QueryTerms.of(query);
        List<Set<String>> chunkTerms = new ArrayList<>(candidates.size());
        candidates.forEach(c -> chunkTerms.add(QueryTerms.of(c.chunk().text())));
        Set<String> ids = QueryTerms.identifiers(q);
        if (q.size() <= SHORT_QUERY_TERMS) {
            ids.addAll(rare(QueryTerms.coined(query), chunkTerms));
        }
        List<Candidate> out = new ArrayList<>(candidates.size());
        for (int i = 0; i < candidates.size(); i++) {
            Candidate c = candidates.get(i);
            Set<String> terms = chunkTerms.get(i);
            double coverage = QueryTerms.coverage(q, terms);
            double title = QueryTerms.coverage(q, QueryTerms.of(c.chunk().documentTitle()));
            double score = weights.dense() * dense[i]
                    + weights.bm25() * bm25[i]
                    + weights.coverage() * coverage
                    + weights.title() * title
                    + weights.identifier() * QueryTerms.coverage(ids, terms);
            out.add(c.withScore(score));
        }
        out.sort(ReciprocalRankFusion.BEST_FIRST);
        return out;
    }

    /**
     * The coined terms that few candidates hold (some, and at most {@link #RARE_SHARE} of them): "RMJM" in one chunk of
     * a hundred is what the question is about, "DNA" in half of them is not, and weighing every acronym as an
     * identifier cost SciFact's CI subset 0.02 nDCG@10.
     */
    private static Set<String> rare(Set<String> coined, List<Set<String>> chunkTerms) {
        Set<String> rare = new java.util.LinkedHashSet<>();
        for (String term : coined) {
            long holding = chunkTerms.stream().filter(t -> t.contains(term)).count();
            if (holding > 0 && holding <= Math.max(1, RARE_SHARE * chunkTerms.size())) {
                rare.add(term);
            }
        }
        return rare;
    }

    /** Min-max normalised feature; missing values take the minimum; all equal gives zeros. */
    static double[] normalised(List<Candidate> candidates, Function<Candidate, Double> feature) {
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (Candidate c : candidates) {
            Double v = feature.apply(c);
            if (v != null) {
                min = Math.min(min, v);
                max = Math.max(max, v);
            }
        }
        double[] out = new double[candidates.size()];
        if (!(max > min)) {
            return out;
        }
        for (int i = 0; i < out.length; i++) {
            Double v = feature.apply(candidates.get(i));
            out[i] = v == null ? 0 : (v - min) / (max - min);
        }
        return out;
    }
}
