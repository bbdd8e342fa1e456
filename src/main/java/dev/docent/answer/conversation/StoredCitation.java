package dev.docent.answer.conversation;

import java.util.UUID;

/** A citation as persisted with its turn (JSON); the same fields the API returned. */
public record StoredCitation(
        int marker,
        UUID documentId,
        String title,
        long chunkId,
        Integer page,
        int charStart,
        int charEnd,
        String quote) {}
