package dev.docent.retrieve.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.docent.shared.api.TextOffsets;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * One search result: a chunk with where it sits in its document.
 *
 * @param tableHeader the header row of the table this chunk continues (ADR 0046): context, not part of {@code text}
 *     or of the document text the offsets index; absent when the chunk does not continue a table
 */
public record SearchHit(
        long chunkId,
        UUID documentId,
        String title,
        Integer page,
        Integer pageEnd,
        @Schema(description = TextOffsets.START) int charStart,
        @Schema(description = TextOffsets.END) int charEnd,
        List<String> headingPath,
        String text,
        @JsonInclude(JsonInclude.Include.NON_NULL) String tableHeader,
        double score) {}
