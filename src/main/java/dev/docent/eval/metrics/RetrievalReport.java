package dev.docent.eval.metrics;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;

/**
 * Result of {@link RetrievalEvaluator#evaluate}: the mean of every metric over the evaluated queries, keyed like
 * {@code "ndcg@10"}, and the per-query values behind them.
 *
 * @param means metric name to mean over {@link #queryCount()} queries (sorted by name)
 * @param perQuery query id to (metric name to value), query ids sorted
 * @param queryCount number of queries averaged (queries in the qrels with at least one relevant doc)
 */
public record RetrievalReport(
        SortedMap<String, Double> means, SortedMap<String, SortedMap<String, Double>> perQuery, int queryCount) {

    public RetrievalReport {
        means = java.util.Collections.unmodifiableSortedMap(means);
        perQuery = java.util.Collections.unmodifiableSortedMap(perQuery);
    }

    /** Mean value of a metric, e.g. {@code mean("ndcg@10")}; throws if the metric was not computed. */
    public double mean(String metric) {
        Double v = means.get(metric);
        if (v == null) {
            throw new IllegalArgumentException("Unknown metric " + metric + "; have " + means.keySet());
        }
        return v;
    }

    /** One query's value for a metric. */
    public double value(String queryId, String metric) {
        Map<String, Double> q = perQuery.get(queryId);
        if (q == null || !q.containsKey(metric)) {
            throw new IllegalArgumentException("No value for query " + queryId + " metric " + metric);
        }
        return q.get(metric);
    }

    /** The {@code n} queries with the lowest value of {@code metric}, ascending; ties by query id. */
    public List<Map.Entry<String, Double>> worstQueries(String metric, int n) {
        mean(metric); // validates the name
        List<Map.Entry<String, Double>> rows = new ArrayList<>();
        perQuery.forEach((qid, values) -> rows.add(Map.entry(qid, values.get(metric))));
        rows.sort(Map.Entry.<String, Double>comparingByValue().thenComparing(Map.Entry.comparingByKey()));
        return rows.subList(0, Math.min(Math.max(n, 0), rows.size()));
    }
}
