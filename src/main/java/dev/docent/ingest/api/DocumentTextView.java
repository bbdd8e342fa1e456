package dev.docent.ingest.api;

import java.util.List;
import java.util.UUID;

/**
 * The extracted text of a document's current version. Citation spans index into {@code text}; page n starts
 * at {@code pageStarts[n-1]}.
 */
public record DocumentTextView(UUID documentId, int version, String text, List<Integer> pageStarts) {}
