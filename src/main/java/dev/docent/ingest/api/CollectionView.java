package dev.docent.ingest.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.UUID;

/** A collection as the API shows it; {@code stats} only when one collection is read. */
public record CollectionView(
        UUID id,
        String name,
        String description,
        String embeddingModel,
        Instant createdAt,
        @JsonInclude(JsonInclude.Include.NON_NULL) CollectionStats stats) {

    public CollectionView(UUID id, String name, String description, String embeddingModel, Instant createdAt) {
        this(id, name, description, embeddingModel, createdAt, null);
    }

    public CollectionView withStats(CollectionStats stats) {
        return new CollectionView(id, name, description, embeddingModel, createdAt, stats);
    }
}
