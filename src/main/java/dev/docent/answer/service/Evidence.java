package dev.docent.answer.service;

import java.util.List;
import java.util.UUID;

/**
 * One retrieved chunk handed to an {@link Answerer}.
 *
 * @param chunkStart char offset of the chunk's text in the document's extracted text
 * @param pageStarts the document's page starts (see ParsedDocument#pageStarts), empty if not paginated
 * @param score retrieval score, higher is better
 * @param tableHeader header row of the table the chunk continues (ADR 0046), context that is not part of
 *     {@code text} and is never quoted; null otherwise
 * @param similarity cosine similarity of the chunk's vector to the question's, when it was measured with the model
 *     the extractive answerer's similarity term is calibrated for; null otherwise
 */
public record Evidence(
        UUID documentId,
        String documentTitle,
        long chunkId,
        String text,
        int chunkStart,
        List<Integer> pageStarts,
        double score,
        String tableHeader,
        Double similarity) {

    /** Evidence that does not continue a table, with no similarity measured. */
    public Evidence(
            UUID documentId,
            String documentTitle,
            long chunkId,
            String text,
            int chunkStart,
            List<Integer> pageStarts,
            double score) {
        this(documentId, documentTitle, chunkId, text, chunkStart, pageStarts, score, null, null);
    }
}
