package dev.docent.ingest.api;

import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * A page of a document's chunks in reading order, as they are stored and searched: to audit chunking, or to
 * highlight every chunk of a document in its extracted text ({@code GET .../documents/{d}/text}).
 *
 * @param total how many chunks the current version has
 * @param offset the ordinal of the first chunk listed (0-based)
 */
public record DocumentChunksView(UUID documentId, int version, int total, int offset, List<Chunk> chunks) {

    /**
     * One chunk.
     *
     * @param ordinal its position in the document, from 0
     * @param text the stored text (without the heading path and title that were embedded with it)
     * @param charStart start in the document's extracted text, in UTF-16 code units like every span the API returns
     * @param headingPath the headings it sits under, outermost first
     * @param tableHeader the header row of the table it continues, embedded with it; null outside tables
     */
    public record Chunk(
            long chunkId,
            int ordinal,
            String text,
            int tokenCount,
            Integer page,
            Integer pageEnd,
            int charStart,
            int charEnd,
            List<String> headingPath,
            @Schema(nullable = true) String tableHeader) {}
}
