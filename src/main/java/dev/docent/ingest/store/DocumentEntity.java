package dev.docent.ingest.store;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** One logical document of a collection; {@code version} counts accepted content changes. */
@Entity
@Table(name = "document")
public class DocumentEntity extends PanacheEntityBase {
    @Id
    public UUID id;

    @Column(name = "collection_id", nullable = false)
    public UUID collectionId;

    @Column(name = "external_id", nullable = false)
    public String externalId;

    @Column(nullable = false)
    public String title;

    @Column(name = "media_type")
    public String mediaType;

    @Column(name = "content_sha256", nullable = false)
    public String contentSha256;

    @Column(nullable = false)
    public int version;

    @Column(nullable = false)
    public String status;

    @Column(name = "error_code")
    public String errorCode;

    @Column(name = "error_message")
    public String errorMessage;

    @Column(name = "size_bytes", nullable = false)
    public long sizeBytes;

    @JdbcTypeCode(SqlTypes.JSON)
    @Column(nullable = false)
    public Map<String, String> metadata;

    /** The part of {@link #metadata} the document's owner gave it (V19); a new version keeps it. */
    @JdbcTypeCode(SqlTypes.JSON)
    @Column(name = "owner_metadata", nullable = false)
    public Map<String, String> ownerMetadata;

    @JdbcTypeCode(SqlTypes.ARRAY)
    @Column(name = "acl_groups", nullable = false)
    public String[] aclGroups;

    /** The ACL groups as a list (empty when none), as {@code DocumentVisibility.visible} reads them. */
    public java.util.List<String> aclGroupList() {
        return aclGroups == null ? java.util.List.of() : java.util.Arrays.asList(aclGroups);
    }

    @JdbcTypeCode(SqlTypes.ARRAY)
    @Column(name = "page_starts", nullable = false)
    public Integer[] pageStarts;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;

    /** The upload order of the upload the current version came from (ADR 0002 amendment); null before V21. */
    @Column(name = "source_seq")
    public Long sourceSeq;

    /** The upload number taken when {@code PUT .../acl} last set the groups (V30); null when it never did. */
    @Column(name = "acl_seq")
    public Long aclSeq;

    /** The upload number taken when {@code PUT .../metadata} last set the owner metadata (V30); null when never. */
    @Column(name = "metadata_seq")
    public Long metadataSeq;

    public static Optional<DocumentEntity> findByExternalId(UUID collectionId, String externalId) {
        return find("collectionId = ?1 and externalId = ?2", collectionId, externalId)
                .firstResultOptional();
    }
}
