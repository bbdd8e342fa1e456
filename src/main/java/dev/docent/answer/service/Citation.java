package dev.docent.answer.service;

import java.util.UUID;

/**
 * A checkable citation: {@code quote} occurs verbatim in the document's extracted text at
 * {@code [charStart, charEnd)}.
 *
 * @param marker the n of the [n] marker in the answer text
 * @param page 1-based page of charStart, {@code null} when the document is not paginated
 */
public record Citation(
        int marker,
        UUID documentId,
        String title,
        long chunkId,
        Integer page,
        int charStart,
        int charEnd,
        String quote) {}
