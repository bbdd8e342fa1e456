package dev.docent.retrieve.api;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/** A search over one collection; {@code topK} defaults to 10. */
public record SearchRequest(
        @NotBlank @Size(max = 4000) String query,
        @Min(1) @Max(100) Integer topK) {
    public int topKOrDefault() {
        return topK == null ? 10 : topK;
    }
}
