package dev.docent.ingest.store;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;
import org.hibernate.annotations.SQLRestriction;

/**
 * A named corpus of documents; the unit of tenancy. A collection marked deleted ({@code deleted_at}, V18) is invisible
 * to every entity read while the background purge removes its rows.
 */
@Entity
@Table(name = "collection")
@SQLRestriction("deleted_at IS NULL")
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
