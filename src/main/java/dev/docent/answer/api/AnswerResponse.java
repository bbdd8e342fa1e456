package dev.docent.answer.api;

import java.util.List;
import java.util.UUID;

/**
 * An answer with inline [n] markers, each resolved by the citation with the same {@code marker}.
 *
 * @param grounded false when the documents did not support an answer; {@code answer} then says so
 * @param answerer which answerer produced the text
 */
public record AnswerResponse(
        String question, String answer, boolean grounded, String answerer, List<CitationView> citations) {

    /** A citation whose quote occurs verbatim in the document's extracted text at [charStart, charEnd). */
    public record CitationView(
            int marker,
            UUID documentId,
            String title,
            long chunkId,
            Integer page,
            int charStart,
            int charEnd,
            String quote) {}
}
