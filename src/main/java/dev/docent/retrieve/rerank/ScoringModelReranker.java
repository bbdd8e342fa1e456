package dev.docent.retrieve.rerank;

import dev.docent.retrieve.service.Candidate;
import dev.docent.retrieve.service.ReciprocalRankFusion;
import dev.docent.retrieve.service.Reranker;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.scoring.ScoringModel;
import java.util.ArrayList;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Reranks with any LangChain4j {@link ScoringModel} (e.g. {@link OnnxCrossEncoderScoringModel}); a model that fails,
 * or gives a score per candidate that is not a finite number, leaves the fused order.
 */
public class ScoringModelReranker implements Reranker {
    private static final Logger LOG = Logger.getLogger(ScoringModelReranker.class);
    private final ScoringModel model;
    private final String name;

    public ScoringModelReranker(ScoringModel model, String name) {
        this.model = model;
        this.name = name;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public List<Candidate> rerank(String query, List<Candidate> candidates) {
        if (candidates.isEmpty()) {
            return List.of();
        }
        List<TextSegment> segments =
                candidates.stream().map(c -> TextSegment.from(c.chunk().text())).toList();
        List<Double> scores;
        try {
            scores = model.scoreAll(segments, query).content();
        } catch (RuntimeException e) {
            // as the HTTP reranker does: a search is still answered, in the fused order, rather than failing
            LOG.warnf("reranker %s failed (%s); keeping the fused order", name, e.getMessage());
            return candidates;
        }
        if (scores.size() != candidates.size() || scores.stream().anyMatch(x -> x == null || !Double.isFinite(x))) {
            LOG.warnf(
                    "reranker %s gave %d scores for %d candidates, or one not finite; keeping the fused order",
                    name, scores.size(), candidates.size());
            return candidates;
        }
        List<Candidate> out = new ArrayList<>(candidates.size());
        for (int i = 0; i < candidates.size(); i++) {
            out.add(candidates.get(i).withScore(scores.get(i)));
        }
        out.sort(ReciprocalRankFusion.BEST_FIRST);
        return out;
    }
}
