package dev.docent.answer.api;

import dev.docent.shared.api.TextOffsets;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * An answer with inline [n] markers, each resolved by the citation with the same {@code marker}.
 *
 * @param grounded false when the documents did not support an answer; {@code answer} then says so
 * @param answerer which answerer produced the text ({@code extractive}, {@code openai}, {@code ollama},
 *     {@code anthropic})
 * @param support how well the best evidence covers the question, in [0, 1], when the answerer measures it
 * @param failover answerers tried before {@code answerer}, in order, with why each was passed over
 * @param citationRepairs citations of an LLM answer that did not check out and were re-anchored
 * @param droppedClaims claims of an LLM answer that no retrieved passage supports, removed from {@code answer}
 * @param usage provider tokens and estimated cost of this answer (zero for the extractive answerer)
 * @param conversationId the conversation this turn was stored in, when one was given
 * @param standaloneQuestion the question as used for retrieval (a follow-up condensed with the history)
 * @param shortAnswer the few words of a quoted sentence that answer the question ("1066"), when the extractive
 *     answerer finds them; null otherwise
 */
public record AnswerResponse(
        String question,
        String answer,
        boolean grounded,
        String answerer,
        List<CitationView> citations,
        Double support,
        List<AttemptView> failover,
        List<RepairView> citationRepairs,
        List<String> droppedClaims,
        UsageView usage,
        UUID conversationId,
        String standaloneQuestion,
        ShortAnswerView shortAnswer) {

    /** A citation whose quote occurs verbatim in the document's extracted text at [charStart, charEnd). */
    public record CitationView(
            int marker,
            UUID documentId,
            String title,
            long chunkId,
            Integer page,
            @Schema(description = TextOffsets.START) int charStart,
            @Schema(description = TextOffsets.END) int charEnd,
            String quote) {}

    /**
     * A span inside the quote of citation {@code marker} that answers the question in a few words; its offsets index
     * the document's extracted text like the citation's.
     */
    public record ShortAnswerView(
            String text,
            int marker,
            @Schema(description = TextOffsets.START) int charStart,
            @Schema(description = TextOffsets.END) int charEnd) {}

    /** An answerer that was passed over; {@code reason} is a stable code (e.g. rate_limited, circuit_open). */
    public record AttemptView(String answerer, String reason) {}

    /**
     * A re-anchored citation: the model cited {@code citedPassage} (null: none) for {@code claim}, which did not
     * check out ({@code reason}); citation {@code marker} now points at the best matching span.
     */
    public record RepairView(int marker, String claim, Integer citedPassage, String reason) {}

    /** Tokens and estimated cost in USD (prices per 1M tokens from config). */
    public record UsageView(int inputTokens, int outputTokens, int totalTokens, double costUsd) {}
}
