package dev.docent.eval.cli;

import java.util.List;
import java.util.Map;

/**
 * Everything one evaluation run produced.
 *
 * @param retrieval mean retrieval metrics under stable keys ("ndcg@10", "recall@100", ...); empty if none
 * @param answers answer metrics ("em", "f1", "citation_precision", ...); empty if none
 * @param queries per-query rows, for the worst-queries table
 * @param provenance what was measured: {@code started_at}, {@code dataset_path}, {@code dataset_sha256},
 *     {@code commit}, {@code server} (version, ingestion settings and fingerprint), {@code collections}
 */
record Report(
        String dataset,
        String split,
        Map<String, Object> config,
        Map<String, Double> retrieval,
        Map<String, Double> answers,
        List<QueryRow> queries,
        Map<String, Object> provenance) {

    Report(
            String dataset,
            String split,
            Map<String, Object> config,
            Map<String, Double> retrieval,
            Map<String, Double> answers,
            List<QueryRow> queries) {
        this(dataset, split, config, retrieval, answers, queries, Map.of());
    }

    /** One query's outcome: its headline score and what was retrieved or answered. */
    record QueryRow(
            String id, String text, double score, String scoreName, List<String> retrieved, List<String> relevant) {}

    Report withProvenance(Map<String, Object> provenance) {
        return new Report(dataset, split, config, retrieval, answers, queries, provenance);
    }

    /** Flat "section.metric" view used by the gate. */
    Map<String, Double> flat() {
        Map<String, Double> flat = new java.util.TreeMap<>();
        retrieval.forEach((k, v) -> flat.put("retrieval." + k, v));
        answers.forEach((k, v) -> flat.put("answers." + k, v));
        return flat;
    }
}
