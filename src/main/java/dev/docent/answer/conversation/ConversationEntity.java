package dev.docent.answer.conversation;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** A conversation over one collection. */
@Entity
@Table(name = "conversation")
public class ConversationEntity extends PanacheEntityBase {
    @Id
    public UUID id;

    @Column(name = "collection_id", nullable = false)
    public UUID collectionId;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;

    /** Principal that started the conversation; only it may read or continue it. */
    public String owner;
}
