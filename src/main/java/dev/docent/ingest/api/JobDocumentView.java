package dev.docent.ingest.api;

import java.util.UUID;

/**
 * One document (or archive) of a job.
 *
 * @param state queued, parsing, chunking, embedding, indexing, succeeded, failed, or {@code expanded} for an archive
 *     whose entries became documents of their own
 * @param outcome when succeeded: {@code created}, {@code replaced}, {@code unchanged} or
 *     {@code superseded} (a later upload of the document finished first and stays)
 * @param archivePath where the entry sits, e.g. {@code docs.zip!/a/b.pdf}; {@code null} for uploaded files
 * @param chunksTotal the document's chunks once chunked; null before, and for an expanded archive (its entries
 *     have their own rows)
 * @param errorCode stable code when failed (encrypted, password_protected, corrupt, unsupported_type, too_large,
 *     timeout, no_text, empty, too_deep, too_many_entries, compression_ratio, resource_limit, parser_crashed,
 *     internal)
 */
public record JobDocumentView(
        UUID itemId,
        String fileName,
        String externalId,
        String archivePath,
        String state,
        String outcome,
        UUID documentId,
        String errorCode,
        String errorMessage,
        int chunksDone,
        Integer chunksTotal,
        int attempts,
        java.time.Instant startedAt,
        java.time.Instant finishedAt) {}
