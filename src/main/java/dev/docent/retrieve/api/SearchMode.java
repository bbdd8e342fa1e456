package dev.docent.retrieve.api;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** Which retrievers a search uses. */
public enum SearchMode {
    /** pgvector HNSW (cosine) only. */
    VECTOR,
    /** BM25 keyword search only. */
    KEYWORD,
    /** Both, fused by reciprocal rank fusion (the default). */
    HYBRID;

    @JsonValue
    public String value() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static SearchMode of(String value) {
        return valueOf(value.trim().toUpperCase(Locale.ROOT));
    }
}
