package dev.docent.ingest.api;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * An ingestion job as the API shows it.
 *
 * @param state {@code queued}, {@code parsing}, {@code chunking}, {@code embedding}, {@code indexing} (the least
 *     advanced stage among unfinished documents), then {@code succeeded}, {@code failed} or {@code partially_failed}
 * @param documentsTotal documents of the job so far (archive entries are added as archives are expanded)
 * @param chunksTotal chunks of the documents chunked so far
 * @param docsPerSecond finished documents per second since the first one started
 * @param etaSeconds estimated seconds to finish: chunks left at the job's chunk rate (a document not chunked yet counts
 *     as the average chunked one), {@code null} until a first chunk or document is done
 * @param documents per-document results, in upload order (archive entries after their archive)
 */
public record JobView(
        UUID id,
        UUID collectionId,
        String state,
        boolean terminal,
        Instant createdAt,
        Instant finishedAt,
        int documentsTotal,
        int documentsSucceeded,
        int documentsFailed,
        int chunksDone,
        int chunksTotal,
        double docsPerSecond,
        double chunksPerSecond,
        Double etaSeconds,
        List<JobDocumentView> documents) {}
