package dev.docent.ingest.service;

import dev.docent.ingest.api.CollectionView;
import dev.docent.ingest.api.CreateCollectionRequest;
import dev.docent.ingest.embed.Embedder;
import dev.docent.ingest.store.CollectionEntity;
import dev.docent.shared.error.DocentException;
import dev.docent.shared.error.ErrorCode;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Creates and finds collections. */
@ApplicationScoped
public class CollectionService {
    private final Embedder embedder;

    CollectionService(Embedder embedder) {
        this.embedder = embedder;
    }

    /**
     * Creates a collection owned by {@code owner}. Names are unique per owner only, so the {@code conflict} answer
     * speaks about the caller's own collections and never reveals another tenant's.
     */
    @Transactional
    public CollectionView create(CreateCollectionRequest request, String owner) {
        String name = request.name().strip();
        if (CollectionEntity.count("owner = ?1 and name = ?2", owner, name) > 0) {
            throw new DocentException(ErrorCode.CONFLICT, "You already have a collection named '" + name + "'");
        }
        CollectionEntity entity = new CollectionEntity();
        entity.id = UUID.randomUUID();
        entity.name = name;
        entity.owner = owner;
        entity.description = request.description();
        entity.embeddingModel = embedder.modelId();
        entity.createdAt = Instant.now();
        entity.persist();
        return toView(entity);
    }

    @Transactional
    public List<CollectionView> list() {
        return CollectionEntity.<CollectionEntity>listAll(Sort.by("createdAt")).stream()
                .map(CollectionService::toView)
                .toList();
    }

    /** The collection, or {@code not_found}. */
    @Transactional
    public CollectionEntity require(UUID id) {
        CollectionEntity entity = CollectionEntity.findById(id);
        if (entity == null) {
            throw new DocentException(ErrorCode.NOT_FOUND, "Collection " + id + " not found");
        }
        return entity;
    }

    private static CollectionView toView(CollectionEntity e) {
        return new CollectionView(e.id, e.name, e.description, e.embeddingModel, e.createdAt);
    }
}
