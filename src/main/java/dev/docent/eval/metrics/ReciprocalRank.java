package dev.docent.eval.metrics;

import java.util.List;
import java.util.Map;

/** Reciprocal rank cut at k (averaged: MRR@k): 1 / rank of the first relevant doc within the top k, else 0. */
public final class ReciprocalRank {
    private ReciprocalRank() {}

    public static double at(List<String> ranking, Map<String, Integer> qrels, int k) {
        List<String> top = Qrels.topK(ranking, k);
        for (int i = 0; i < top.size(); i++) {
            if (Qrels.isRelevant(qrels, top.get(i))) {
                return 1.0 / (i + 1);
            }
        }
        return 0.0;
    }
}
