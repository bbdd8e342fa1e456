package dev.docent.answer.api;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/** A question over one collection; {@code topK} (chunks used as evidence) defaults to 5. */
public record AnswerRequest(
        @NotBlank @Size(max = 4000) String question,
        @Min(1) @Max(50) Integer topK) {
    public int topKOrDefault() {
        return topK == null ? 5 : topK;
    }
}
