package dev.docent.ingest.api;

import jakarta.validation.constraints.NotNull;
import java.util.Map;

/** A document's new owner metadata ({@link DocumentMetadata}); an empty object removes it. */
public record SetMetadataRequest(@NotNull Map<String, String> metadata) {}
