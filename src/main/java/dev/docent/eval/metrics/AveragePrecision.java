package dev.docent.eval.metrics;

import java.util.List;
import java.util.Map;

/**
 * Average precision cut at k (averaged: MAP@k), as trec_eval's {@code map_cut.k}: the sum of precision@rank over
 * every rank within k that holds a relevant doc, divided by the total number of relevant docs for the query (not
 * by min(k, relevant)). 0 if the query has no relevant docs.
 */
public final class AveragePrecision {
    private AveragePrecision() {}

    public static double at(List<String> ranking, Map<String, Integer> qrels, int k) {
        int totalRelevant = Qrels.relevantCount(qrels);
        if (totalRelevant == 0) {
            return 0.0;
        }
        List<String> top = Qrels.topK(ranking, k);
        int hits = 0;
        double sum = 0.0;
        for (int i = 0; i < top.size(); i++) {
            if (Qrels.isRelevant(qrels, top.get(i))) {
                hits++;
                sum += (double) hits / (i + 1);
            }
        }
        return sum / totalRelevant;
    }
}
