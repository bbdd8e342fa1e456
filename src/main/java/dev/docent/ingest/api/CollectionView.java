package dev.docent.ingest.api;

import java.time.Instant;
import java.util.UUID;

/** A collection as the API shows it. */
public record CollectionView(UUID id, String name, String description, String embeddingModel, Instant createdAt) {}
