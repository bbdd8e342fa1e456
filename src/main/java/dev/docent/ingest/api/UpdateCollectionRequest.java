package dev.docent.ingest.api;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/**
 * Request to change a collection.
 *
 * @param embeddingModel the model to re-embed the collection into, e.g. {@code all-minilm-l6-v2-q}
 */
public record UpdateCollectionRequest(
        @NotBlank @Size(max = 200) String embeddingModel) {}
