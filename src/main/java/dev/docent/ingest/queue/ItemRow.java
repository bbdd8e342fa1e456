package dev.docent.ingest.queue;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * An item as read back for progress reporting (without its bytes).
 *
 * @param aclGroups the groups that will restrict (or restrict) its document: the upload's own, else those of the
 *     document under its external id, else none
 */
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
        Instant finishedAt,
        List<String> aclGroups) {}
