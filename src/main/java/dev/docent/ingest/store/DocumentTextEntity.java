package dev.docent.ingest.store;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.util.UUID;

/** The extracted text of a document's current version; all chunk offsets refer to it. */
@Entity
@Table(name = "document_text")
public class DocumentTextEntity extends PanacheEntityBase {
    @Id
    @Column(name = "document_id")
    public UUID documentId;

    @Column(nullable = false)
    public int version;

    @Column(nullable = false)
    public String text;
}
