package dev.docent.ingest.api;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * An ingestion job as the API shows it.
 *
 * @param state {@code queued} until a first document begins, then {@code parsing}, {@code chunking}, {@code
 *     embedding} or {@code indexing}: the stage every open document has reached (one still waiting counts as
 *     parsing), so the state only moves forward; then {@code succeeded}, {@code failed} or {@code partially_failed}
 * @param documentsTotal documents of the job so far (archive entries are added as archives are expanded)
 * @param chunksTotal chunks of the documents chunked so far
 * @param docsPerSecond finished documents per second since the first one started
 * @param etaSeconds estimated seconds to finish: chunks left at the job's chunk rate (a document not chunked yet counts
 *     as the average chunked one), {@code null} until a first chunk or document is done
 * @param documents per-document results, in upload order (archive entries after their archive); all of them, only the
 *     failed ones, none, or (events) those that changed since the previous event, as the request's {@code documents}
 *     parameter asks
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
        List<JobDocumentView> documents) {

    /**
     * Which per-document results a view carries: a large job's full list is large, and events repeat it. {@code
     * CHANGED} is for events: the documents whose row changed since the previous event (all in the first).
     */
    public enum Documents {
        ALL,
        FAILED,
        NONE,
        CHANGED;

        /** The query parameter's value ({@code all}, {@code failed}, {@code none}, {@code changed}), or {@code absent}. */
        public static Documents of(String value, Documents absent) {
            if (value == null || value.isBlank()) {
                return absent;
            }
            return switch (value.strip().toLowerCase(java.util.Locale.ROOT)) {
                case "all" -> ALL;
                case "failed" -> FAILED;
                case "none" -> NONE;
                case "changed" -> CHANGED;
                default ->
                    throw new dev.docent.shared.error.DocentException(
                            dev.docent.shared.error.ErrorCode.VALIDATION_FAILED,
                            "documents: must be all, changed, failed or none");
            };
        }
    }

    /** This view with only the documents whose row differs from the one in {@code previous} (or that it lacks). */
    public JobView changedSince(java.util.Map<UUID, JobDocumentView> previous) {
        return withDocuments(documents.stream()
                .filter(d -> !d.equals(previous.get(d.itemId())))
                .toList());
    }

    /** This view with only the per-document results {@code which} asks for; the counts stay the job's. */
    public JobView with(Documents which) {
        if (which == Documents.ALL || which == Documents.CHANGED) {
            return this; // a single view has nothing before it: every document is new to its reader
        }
        return withDocuments(
                which == Documents.NONE
                        ? List.of()
                        : documents.stream()
                                .filter(d -> "failed".equals(d.state()))
                                .toList());
    }

    private JobView withDocuments(List<JobDocumentView> kept) {
        return new JobView(
                id,
                collectionId,
                state,
                terminal,
                createdAt,
                finishedAt,
                documentsTotal,
                documentsSucceeded,
                documentsFailed,
                chunksDone,
                chunksTotal,
                docsPerSecond,
                chunksPerSecond,
                etaSeconds,
                kept);
    }
}
