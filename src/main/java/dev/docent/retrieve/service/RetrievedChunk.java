package dev.docent.retrieve.service;

import java.util.List;
import java.util.UUID;

/**
 * A chunk returned by a {@link Retriever}, with what a caller needs to cite it.
 *
 * @param documentPageStarts the document's page starts (char offsets), empty when not paginated
 * @param score higher is better; for vector search the cosine similarity
 */
public record RetrievedChunk(
        long chunkId,
        UUID documentId,
        String documentTitle,
        int ordinal,
        String text,
        int charStart,
        int charEnd,
        Integer pageStart,
        Integer pageEnd,
        List<String> headingPath,
        List<Integer> documentPageStarts,
        double score) {}
