package dev.docent.eval.metrics;

import java.util.List;
import java.util.Map;

/**
 * Precision@k as trec_eval's {@code P.k}: relevant docs in the top k divided by k, even when fewer than k docs
 * were retrieved.
 */
public final class Precision {
    private Precision() {}

    public static double at(List<String> ranking, Map<String, Integer> qrels, int k) {
        int hits = 0;
        for (String docId : Qrels.topK(ranking, k)) {
            if (Qrels.isRelevant(qrels, docId)) {
                hits++;
            }
        }
        return (double) hits / k;
    }
}
