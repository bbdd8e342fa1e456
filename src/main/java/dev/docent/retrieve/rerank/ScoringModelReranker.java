package dev.docent.retrieve.rerank;

import dev.docent.retrieve.service.Candidate;
import dev.docent.retrieve.service.ReciprocalRankFusion;
import dev.docent.retrieve.service.Reranker;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.scoring.ScoringModel;
import java.util.ArrayList;
import java.util.List;

/** Reranks with any LangChain4j {@link ScoringModel} (e.g. {@link OnnxCrossEncoderScoringModel}). */
public class ScoringModelReranker implements Reranker {
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
        List<Double> scores = model.scoreAll(segments, query).content();
        if (scores.size() != candidates.size()) {
            throw new IllegalStateException(
                    "scoring model returned " + scores.size() + " scores for " + candidates.size() + " candidates");
        }
        List<Candidate> out = new ArrayList<>(candidates.size());
        for (int i = 0; i < candidates.size(); i++) {
            out.add(candidates.get(i).withScore(scores.get(i)));
        }
        out.sort(ReciprocalRankFusion.BEST_FIRST);
        return out;
    }
}
