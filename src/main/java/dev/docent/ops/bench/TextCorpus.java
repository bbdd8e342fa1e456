package dev.docent.ops.bench;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;

/** Deterministic synthetic documents and questions over a small operations vocabulary (so searches have hits). */
final class TextCorpus {
    private static final List<String> SUBJECTS = List.of(
            "The ingestion worker",
            "The search service",
            "The embedding model",
            "The answer generator",
            "The connection pool",
            "The job queue",
            "The vector index",
            "The readiness probe",
            "The load balancer",
            "The backup schedule",
            "The circuit breaker",
            "The metrics endpoint");
    private static final List<String> VERBS = List.of(
            "retries",
            "measures",
            "stores",
            "rejects",
            "compresses",
            "indexes",
            "reports",
            "schedules",
            "validates",
            "streams",
            "caches",
            "partitions");
    private static final List<String> OBJECTS = List.of(
            "every uploaded document",
            "failed requests after five seconds",
            "chunks of two hundred tokens",
            "the nightly snapshot to object storage",
            "latency percentiles per endpoint",
            "stale leases of dead workers",
            "queries against the primary database",
            "the heap usage of each replica",
            "citations with exact quotes",
            "vectors in a hierarchical graph",
            "traffic away from draining pods",
            "provider errors by status code");

    private TextCorpus() {}

    static String sentence(Random random) {
        return SUBJECTS.get(random.nextInt(SUBJECTS.size())) + " " + VERBS.get(random.nextInt(VERBS.size())) + " "
                + OBJECTS.get(random.nextInt(OBJECTS.size())) + ".";
    }

    /** A plain-text document of about {@code sentences} sentences in paragraphs of five. */
    static byte[] document(Random random, int sentences) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < sentences; i++) {
            sb.append(sentence(random)).append(i % 5 == 4 ? "\n\n" : " ");
        }
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    static String question(Random random) {
        return "Which component " + VERBS.get(random.nextInt(VERBS.size())) + " "
                + OBJECTS.get(random.nextInt(OBJECTS.size())) + "?";
    }
}
