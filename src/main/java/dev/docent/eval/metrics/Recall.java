package dev.docent.eval.metrics;

import java.util.List;
import java.util.Map;

/** Recall@k as trec_eval's {@code recall.k}: relevant docs in the top k / total relevant docs (0 if none). */
public final class Recall {
    private Recall() {}

    public static double at(List<String> ranking, Map<String, Integer> qrels, int k) {
        int totalRelevant = Qrels.relevantCount(qrels);
        if (totalRelevant == 0) {
            return 0.0;
        }
        int hits = 0;
        for (String docId : Qrels.topK(ranking, k)) {
            if (Qrels.isRelevant(qrels, docId)) {
                hits++;
            }
        }
        return (double) hits / totalRelevant;
    }
}
