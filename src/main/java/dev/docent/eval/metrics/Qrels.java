package dev.docent.eval.metrics;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/** Small shared helpers for the ranking metrics (trec_eval conventions, relevance level 1). */
final class Qrels {
    private Qrels() {}

    /** trec_eval's default relevance threshold: a judgment counts as relevant when {@code rel >= 1}. */
    static boolean isRelevant(Map<String, Integer> qrels, String docId) {
        Integer rel = qrels.get(docId);
        return rel != null && rel > 0;
    }

    /** Graded gain used by ndcg_cut: the relevance value itself, negatives clamped to 0. */
    static int gain(Map<String, Integer> qrels, String docId) {
        Integer rel = qrels.get(docId);
        return rel == null ? 0 : Math.max(0, rel);
    }

    static int relevantCount(Map<String, Integer> qrels) {
        int n = 0;
        for (Integer rel : qrels.values()) {
            if (rel != null && rel > 0) {
                n++;
            }
        }
        return n;
    }

    /**
     * The top {@code k} of a ranking with duplicate doc ids removed (first occurrence kept), so a doc can
     * never be credited twice. trec_eval rejects duplicates outright; callers should not produce them.
     */
    static List<String> topK(List<String> ranking, int k) {
        if (k <= 0) {
            throw new IllegalArgumentException("k must be positive: " + k);
        }
        LinkedHashSet<String> seen = new LinkedHashSet<>();
        for (String docId : ranking) {
            if (seen.size() >= k) {
                break;
            }
            seen.add(docId);
        }
        return new ArrayList<>(seen);
    }
}
