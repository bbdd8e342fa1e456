package dev.docent.eval.metrics;

import java.util.List;
import java.util.Map;

/**
 * nDCG@k as trec_eval's {@code ndcg_cut.k}: gain = graded relevance (linear, not 2^rel - 1), discount =
 * log2(rank + 1) with 1-based rank, ideal DCG from the query's judged relevances sorted descending and cut at k.
 * Returns 0 when the query has no relevant documents.
 */
public final class Ndcg {
    private Ndcg() {}

    public static double at(List<String> ranking, Map<String, Integer> qrels, int k) {
        List<String> top = Qrels.topK(ranking, k);
        double dcg = 0.0;
        for (int i = 0; i < top.size(); i++) {
            dcg += Qrels.gain(qrels, top.get(i)) / log2(i + 2);
        }
        int[] ideal = qrels.values().stream()
                .mapToInt(rel -> rel == null ? 0 : Math.max(0, rel))
                .filter(g -> g > 0)
                .boxed()
                .sorted((a, b) -> Integer.compare(b, a))
                .mapToInt(Integer::intValue)
                .toArray();
        double idcg = 0.0;
        for (int i = 0; i < Math.min(k, ideal.length); i++) {
            idcg += ideal[i] / log2(i + 2);
        }
        return idcg == 0.0 ? 0.0 : dcg / idcg;
    }

    private static double log2(double x) {
        return Math.log(x) / Math.log(2.0);
    }
}
