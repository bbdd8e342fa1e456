package dev.docent.eval.metrics;

import java.util.Objects;

/** A document (or chunk's document) id with a retrieval score; higher is better. */
public record ScoredId(String docId, double score) {
    public ScoredId {
        Objects.requireNonNull(docId, "docId");
    }
}
