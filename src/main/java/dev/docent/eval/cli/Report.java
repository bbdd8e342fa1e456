package dev.docent.eval.cli;

import java.util.List;
import java.util.Map;

/**
 * Everything one evaluation run produced.
 *
 * @param retrieval mean retrieval metrics under stable keys ("ndcg@10", "recall@100", ...); empty if none
 * @param answers answer metrics ("em", "f1", "citation_precision", ...); empty if none
 * @param queries per-query rows, for the worst-queries table
 */
record Report(
        String dataset,
        String split,
        Map<String, Object> config,
        Map<String, Double> retrieval,
        Map<String, Double> answers,
        List<QueryRow> queries) {

    /** One query's outcome: its headline score and what was retrieved or answered. */
    record QueryRow(
            String id, String text, double score, String scoreName, List<String> retrieved, List<String> relevant) {}

    /** Flat "section.metric" view used by the gate. */
    Map<String, Double> flat() {
        Map<String, Double> flat = new java.util.TreeMap<>();
        retrieval.forEach((k, v) -> flat.put("retrieval." + k, v));
        answers.forEach((k, v) -> flat.put("answers." + k, v));
        return flat;
    }
}
