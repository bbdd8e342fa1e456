package dev.docent.retrieve.service;

import java.util.List;
import java.util.UUID;

/**
 * A chunk returned by a {@link Retriever}, with what a caller needs to cite it.
 *
 * @param documentPageStarts the document's page starts (char offsets), empty when not paginated
 * @param tableHeader header row of the table the chunk continues (not part of {@code text}), or null
 * @param score higher is better; for vector search the cosine similarity
 * @param similarity cosine similarity of the chunk's vector to the query's when the dense retriever scored it (the
 *     collection's active model, see {@link SearchService#embeddingModelOf}); null otherwise
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
        String tableHeader,
        double score,
        Double similarity) {}
