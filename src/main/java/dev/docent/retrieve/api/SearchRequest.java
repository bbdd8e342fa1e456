package dev.docent.retrieve.api;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/**
 * A search over one collection.
 *
 * @param topK how many hits (default 10)
 * @param mode {@code vector}, {@code keyword} or {@code hybrid}; the configured default when absent
 * @param filters restricts the search to matching documents; none when absent
 * @param rerank rerank the fused candidates; the configured default when absent
 */
public record SearchRequest(
        @NotBlank @Size(max = 4000) String query,
        @Min(1) @Max(100) Integer topK,
        SearchMode mode,
        @jakarta.validation.Valid SearchFilters filters,
        Boolean rerank) {

    public SearchRequest(String query, Integer topK) {
        this(query, topK, null, null, null);
    }

    public int topKOrDefault() {
        return topK == null ? 10 : topK;
    }

    public SearchFilters filtersOrNone() {
        return filters == null ? SearchFilters.NONE : filters;
    }
}
