package dev.docent.eval.metrics;

import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Computes the standard retrieval metrics over a run, trec_eval style.
 *
 * <p>The evaluated query set is the qrels' query set restricted to queries with at least one relevant judgment
 * (like {@code trec_eval -c}): a query missing from the run scores 0 on everything; run queries without qrels are
 * ignored.
 */
public final class RetrievalEvaluator {
    /** Default cut-offs. */
    public static final int[] DEFAULT_KS = {1, 3, 5, 10, 100};

    private RetrievalEvaluator() {}

    @FunctionalInterface
    private interface Metric {
        double at(List<String> ranking, Map<String, Integer> qrels, int k);
    }

    private static final Map<String, Metric> METRICS = Map.of(
            "ndcg", Ndcg::at,
            "recall", Recall::at,
            "p", Precision::at,
            "mrr", ReciprocalRank::at,
            "map", AveragePrecision::at);

    public static RetrievalReport evaluate(Map<String, List<String>> run, Map<String, Map<String, Integer>> qrels) {
        return evaluate(run, qrels, DEFAULT_KS);
    }

    public static RetrievalReport evaluate(
            Map<String, List<String>> run, Map<String, Map<String, Integer>> qrels, int... ks) {
        if (ks.length == 0) {
            throw new IllegalArgumentException("at least one cut-off k is required");
        }
        SortedMap<String, SortedMap<String, Double>> perQuery = new TreeMap<>();
        SortedMap<String, Double> sums = new TreeMap<>();
        for (Map.Entry<String, Map<String, Integer>> q : qrels.entrySet()) {
            Map<String, Integer> judged = q.getValue();
            if (judged == null || Qrels.relevantCount(judged) == 0) {
                continue;
            }
            List<String> ranking = run.getOrDefault(q.getKey(), List.of());
            SortedMap<String, Double> values = new TreeMap<>();
            for (Map.Entry<String, Metric> m : METRICS.entrySet()) {
                for (int k : ks) {
                    String key = m.getKey() + "@" + k;
                    double v = m.getValue().at(ranking, judged, k);
                    values.put(key, v);
                    sums.merge(key, v, Double::sum);
                }
            }
            perQuery.put(q.getKey(), values);
        }
        int n = perQuery.size();
        SortedMap<String, Double> means = new TreeMap<>();
        if (n == 0) {
            for (String name : METRICS.keySet()) {
                for (int k : ks) {
                    means.put(name + "@" + k, 0.0);
                }
            }
        } else {
            sums.forEach((key, sum) -> means.put(key, sum / n));
        }
        return new RetrievalReport(means, perQuery, n);
    }
}
