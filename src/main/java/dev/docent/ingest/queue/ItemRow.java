package dev.docent.ingest.queue;

import java.time.Instant;
import java.util.UUID;

/** An item as read back for progress reporting (without its bytes). */
public record ItemRow(
        UUID id,
        UUID parentId,
        int seq,
        String fileName,
        String externalId,
        String archivePath,
        String state,
        String outcome,
        String errorCode,
        String errorMessage,
        UUID documentId,
        int chunksDone,
        Integer chunksTotal,
        int attempts,
        Instant createdAt,
        Instant startedAt,
        Instant finishedAt) {}
