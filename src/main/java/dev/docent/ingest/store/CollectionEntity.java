package dev.docent.ingest.store;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** A named corpus of documents; the unit of tenancy. */
@Entity
@Table(name = "collection")
public class CollectionEntity extends PanacheEntityBase {
    @Id
    public UUID id;

    /** Unique per {@link #owner}, not globally: names never disclose other tenants' collections (V9). */
    @Column(nullable = false)
    public String name;

    /** The principal that created the collection ({@code user:NAME}). */
    @Column(nullable = false)
    public String owner;

    public String description;

    @Column(name = "embedding_model", nullable = false)
    public String embeddingModel;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;
}
