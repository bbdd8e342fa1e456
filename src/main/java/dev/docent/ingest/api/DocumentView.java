package dev.docent.ingest.api;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A document as the API shows it.
 *
 * @param outcome what the last upload did: {@code created}, {@code replaced}, {@code unchanged} or
 *     {@code superseded} (a later upload of the document finished first and stays)
 * @param status {@code succeeded}, or {@code failed} when no version could be ingested yet
 * @param errorCode stable code of the failure when {@code status} is {@code failed}
 * @param metadata what the parser extracted (author, created, archivePath, ...) overlaid with the owner's metadata
 *     (upload field {@code metadata}, {@code PUT .../metadata}); {@code filters.metadata} matches it
 */
public record DocumentView(
        UUID id,
        UUID collectionId,
        String externalId,
        String title,
        String mediaType,
        String contentSha256,
        int version,
        String status,
        long sizeBytes,
        int chunkCount,
        Integer pageCount,
        List<String> aclGroups,
        Map<String, String> metadata,
        Instant updatedAt,
        String outcome,
        String errorCode,
        String errorMessage) {}
