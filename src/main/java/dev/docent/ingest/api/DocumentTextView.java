package dev.docent.ingest.api;

import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The extracted text of a document's current version. Citation spans index into {@code text}; page n starts
 * at {@code pageStarts[n-1]}.
 */
public record DocumentTextView(
        UUID documentId,
        int version,
        String text,

        @Schema(
                description = "Offset where each page starts, page n at index n-1, in UTF-16 code units like every"
                        + " span the API returns")
        List<Integer> pageStarts,

        @Schema(
                description = "Offset from which the text is on no page: documents embedded in a paginated one"
                        + " that come after its last page; null when every character is on a page")
        Integer unpagedFrom) {}
