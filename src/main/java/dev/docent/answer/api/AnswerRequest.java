package dev.docent.answer.api;

import dev.docent.retrieve.api.SearchFilters;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.util.UUID;

/**
 * A question over one collection.
 *
 * @param topK chunks used as evidence, default 5
 * @param filters restrict the evidence to matching documents (optional)
 * @param conversationId continue (or start) this conversation: the question may then be a follow-up, and the turn
 *     is stored with its citations (optional)
 * @param stream ask for a stream; streaming is chosen by {@code Accept: text/event-stream}, and {@code stream: true}
 *     with any other Accept is rejected (optional)
 */
public record AnswerRequest(
        @NotBlank @Size(max = 4000) String question,
        @Min(1) @Max(50) Integer topK,
        @jakarta.validation.Valid SearchFilters filters,
        UUID conversationId,
        Boolean stream) {

    public AnswerRequest(String question, Integer topK) {
        this(question, topK, null, null, null);
    }

    public int topKOrDefault() {
        return topK == null ? 5 : topK;
    }

    public SearchFilters filtersOrNone() {
        return filters == null ? SearchFilters.NONE : filters;
    }

    public boolean streamRequested() {
        return Boolean.TRUE.equals(stream);
    }
}
