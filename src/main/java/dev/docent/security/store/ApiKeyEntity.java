package dev.docent.security.store;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/** An API key: only the SHA-256 of its secret and a short display prefix are stored. */
@Entity
@Table(name = "api_key")
public class ApiKeyEntity extends PanacheEntityBase {
    @Id
    public UUID id;

    @Column(name = "secret_hash", nullable = false, unique = true)
    public String secretHash;

    @Column(nullable = false)
    public String prefix;

    @Column(nullable = false)
    public String owner;

    @Column(nullable = false)
    public String[] scopes;

    @Column(nullable = false)
    public String[] groups;

    @Column(name = "expires_at")
    public Instant expiresAt;

    @Column(name = "revoked_at")
    public Instant revokedAt;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "created_by")
    public String createdBy;

    public static Optional<ApiKeyEntity> findByHash(String hash) {
        return find("secretHash", hash).firstResultOptional();
    }

    public boolean activeAt(Instant now) {
        return revokedAt == null && (expiresAt == null || expiresAt.isAfter(now));
    }
}
