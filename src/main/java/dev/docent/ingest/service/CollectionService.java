package dev.docent.ingest.service;

import dev.docent.ingest.api.CollectionView;
import dev.docent.ingest.api.CreateCollectionRequest;
import dev.docent.ingest.config.IngestConfig;
import dev.docent.ingest.embed.EmbeddingModels;
import dev.docent.ingest.embed.ModelSpec;
import dev.docent.ingest.queue.JobQueue;
import dev.docent.ingest.store.CollectionEntity;
import dev.docent.shared.error.DocentException;
import dev.docent.shared.error.ErrorCode;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Creates and finds collections. */
@ApplicationScoped
public class CollectionService {
    private final EmbeddingModels models;
    private final JobQueue queue;
    private final IngestConfig config;

    CollectionService(EmbeddingModels models, JobQueue queue, IngestConfig config) {
        this.models = models;
        this.queue = queue;
        this.config = config;
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
        entity.embeddingModel = usable(models.defaultModelId()).id();
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

    /** The collection as the API shows it, or {@code not_found}. */
    @Transactional
    public CollectionView view(UUID id) {
        return toView(require(id));
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

    /**
     * Deletes the collection for the API at once and leaves its rows to the background purge
     * ({@link CollectionPurger}): in this transaction the collection's queue items are locked (a worker committing a
     * document finishes first; one that has not started committing finds its item gone and drops it,
     * {@code LeaseLostException}), its jobs with their uploaded bytes and its members are deleted, and the row is
     * marked {@code deleted_at}. From the commit on the collection is not found, not listed, and its name is free.
     * Locking the items before the collection row keeps this from deadlocking with such a commit.
     */
    @Transactional
    public void delete(UUID id) {
        require(id);
        queue.lockItemsOf(id);
        var em = CollectionEntity.getEntityManager();
        em.createNativeQuery("DELETE FROM ingestion_job WHERE collection_id = ?1")
                .setParameter(1, id)
                .executeUpdate();
        em.createNativeQuery("DELETE FROM collection_member WHERE collection_id = ?1")
                .setParameter(1, id)
                .executeUpdate();
        em.createNativeQuery("UPDATE collection SET deleted_at = now() WHERE id = ?1")
                .setParameter(1, id)
                .executeUpdate();
    }

    /**
     * Switches the collection to another embedding model: starts a background re-embedding job and returns its id,
     * or empty when the collection already uses the model. Searches keep using the old model until the job swaps.
     * Asking for the model the collection uses while a re-embedding into another runs cancels that re-embedding
     * (it answered "already on this model" and the job switched the collection all the same).
     */
    public Optional<UUID> changeModel(UUID id, String model) {
        CollectionEntity entity = require(id);
        ModelSpec spec = usable(model);
        if (spec.id().equals(entity.embeddingModel)) {
            queue.cancelReembed(id, "Cancelled: the collection was switched back to " + spec.id() + ".");
            return Optional.empty();
        }
        return Optional.of(queue.createReembedJob(id, spec.id()));
    }

    /** The spec of a model a collection may use: known, with an indexed dimension, taking whole chunks. */
    ModelSpec usable(String model) {
        ModelSpec spec = models.spec(model);
        if (!ModelSpec.INDEXED_DIMENSIONS.contains(spec.dimension())) {
            throw new DocentException(
                    ErrorCode.VALIDATION_FAILED,
                    "Embedding model " + model + " has " + spec.dimension() + " dimensions; supported: "
                            + new java.util.TreeSet<>(ModelSpec.INDEXED_DIMENSIONS));
        }
        if (!spec.truncates() && !spec.fits(config.chunkTokens())) {
            throw new DocentException(
                    ErrorCode.VALIDATION_FAILED,
                    "Embedding model " + model + " takes at most " + spec.maxTokens() + " tokens, less than chunks of "
                            + config.chunkTokens() + " tokens may need");
        }
        return spec;
    }

    private static CollectionView toView(CollectionEntity e) {
        return new CollectionView(e.id, e.name, e.description, e.embeddingModel, e.createdAt);
    }
}
