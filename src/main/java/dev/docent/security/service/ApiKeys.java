package dev.docent.security.service;

import dev.docent.security.config.SecurityConfig;
import dev.docent.security.store.ApiKeyEntity;
import dev.docent.shared.cache.TtlCache;
import dev.docent.shared.error.DocentException;
import dev.docent.shared.error.ErrorCode;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.TransactionSynchronizationRegistry;
import jakarta.transaction.Transactional;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/** Creates, lists, revokes and checks API keys. A key's secret is returned once and stored only as a hash. */
@ApplicationScoped
public class ApiKeys {
    static final String KEY_PREFIX = "dk_";
    private static final Set<String> SCOPES = Set.of(Caller.SCOPE_ADMIN, Caller.SCOPE_WRITE, Caller.SCOPE_READ);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final AuditLog audit;
    private final TransactionSynchronizationRegistry transactions;
    /** Verified keys by secret hash (see {@link #authenticate}); revocation here invalidates at once. */
    private final TtlCache<String, VerifiedKey> verified;

    private final TtlCache<UUID, Boolean> active;

    /** What a successful lookup found: enough to re-check expiry and to drop it when the key is revoked. */
    private record VerifiedKey(UUID id, Caller caller, Instant expiresAt) {
        boolean activeAt(Instant now) {
            return expiresAt == null || expiresAt.isAfter(now);
        }
    }

    ApiKeys(AuditLog audit, TransactionSynchronizationRegistry transactions, SecurityConfig config) {
        this.audit = audit;
        this.transactions = transactions;
        this.verified = new TtlCache<>(config.authCacheTtl(), 10_000);
        this.active = new TtlCache<>(config.authCacheTtl(), 10_000);
    }

    /** A new random key: {@code dk_} + 43 base64url characters (256 bits). */
    static String newSecret() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return KEY_PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    static String hash(String secret) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Creates a key; the returned view carries the secret, which is never retrievable again. */
    @Transactional
    public ApiKeyView create(
            String owner, List<String> scopes, List<String> groups, Instant expiresAt, String createdBy) {
        String secret = newSecret();
        ApiKeyEntity key = store(secret, owner, scopes, groups, expiresAt, createdBy);
        return toView(key, secret);
    }

    /** Stores a caller-supplied secret (the bootstrap admin key) unless a key with that secret exists. */
    @Transactional
    public void ensure(String secret, String owner, List<String> scopes) {
        if (ApiKeyEntity.findByHash(hash(secret)).isEmpty()) {
            store(secret, owner, scopes, List.of(), null, "bootstrap");
        }
    }

    private ApiKeyEntity store(
            String secret, String owner, List<String> scopes, List<String> groups, Instant expiresAt, String by) {
        if (owner == null || owner.isBlank() || owner.length() > 200) {
            throw new DocentException(ErrorCode.VALIDATION_FAILED, "owner must be 1-200 characters");
        }
        Set<String> scopeSet = new LinkedHashSet<>(scopes == null || scopes.isEmpty() ? List.of("read") : scopes);
        if (!SCOPES.containsAll(scopeSet)) {
            throw new DocentException(ErrorCode.VALIDATION_FAILED, "scopes must be among admin, write, read");
        }
        if (expiresAt != null && !expiresAt.isAfter(Instant.now())) {
            throw new DocentException(ErrorCode.VALIDATION_FAILED, "expiresAt must be in the future");
        }
        ApiKeyEntity key = new ApiKeyEntity();
        key.id = UUID.randomUUID();
        key.secretHash = hash(secret);
        key.prefix = secret.substring(0, Math.min(10, secret.length()));
        key.owner = owner.strip();
        key.scopes = scopeSet.toArray(String[]::new);
        key.groups = groups == null
                ? new String[0]
                : groups.stream().map(String::strip).distinct().toArray(String[]::new);
        key.expiresAt = expiresAt;
        key.createdAt = Instant.now();
        key.createdBy = by;
        key.persist();
        audit.record(by, "key.create", key.id.toString());
        return key;
    }

    @Transactional
    public List<ApiKeyView> list() {
        return ApiKeyEntity.<ApiKeyEntity>listAll(Sort.by("createdAt")).stream()
                .map(k -> toView(k, null))
                .toList();
    }

    @Transactional
    public void revoke(UUID id, String by) {
        ApiKeyEntity key = ApiKeyEntity.findById(id);
        if (key == null) {
            throw new DocentException(ErrorCode.NOT_FOUND, "Key " + id + " not found");
        }
        if (key.revokedAt == null) {
            key.revokedAt = Instant.now();
            audit.record(by, "key.revoke", id.toString());
        }
        // after the commit, so no lookup can re-read the key as active and cache it again
        TtlCache.afterCompletion(transactions, () -> forget(id));
    }

    /** Drops a key from this replica's verification caches (revocation). */
    void forget(UUID id) {
        verified.invalidate(k -> k.id().equals(id));
        active.invalidateKeys(id::equals);
    }

    /**
     * For changes of who may do what (keys, members): the caller's key is read again from the database, not from the
     * cache, so a key revoked through another replica cannot, in the cache's few seconds, create a new key or grant
     * itself a role that would outlive the revocation. A caller of a token (not a key) passes.
     */
    public void requireActiveNow(Caller caller) {
        UUID id;
        try {
            id = UUID.fromString(caller.credential());
        } catch (IllegalArgumentException e) {
            return;
        }
        boolean active = QuarkusTransaction.joiningExisting().call(() -> {
            ApiKeyEntity key = ApiKeyEntity.findById(id);
            return key != null && key.activeAt(Instant.now());
        });
        if (!active) {
            forget(id);
            throw new DocentException(ErrorCode.UNAUTHENTICATED, "The API key has been revoked or has expired.");
        }
    }

    /**
     * Whether the key a caller authenticated with is still active (not revoked, not expired), for work that outlives
     * its request: a stream of job events. Remembered like {@link #authenticate}; a caller of a token (not a key) is
     * active until its token's expiry (with the clock skew JWT verification allows).
     */
    public boolean stillActive(Caller caller) {
        if (caller.expiresAt() != null && !Instant.now().isBefore(caller.expiresAt())) {
            return false;
        }
        UUID id;
        try {
            id = UUID.fromString(caller.credential());
        } catch (IllegalArgumentException e) {
            return true;
        }
        return active.get(
                id,
                () -> QuarkusTransaction.joiningExisting().call(() -> {
                    ApiKeyEntity key = ApiKeyEntity.findById(id);
                    return key != null && key.activeAt(Instant.now());
                }));
    }

    /**
     * The caller a bearer secret identifies, if the key exists, is not revoked and has not expired. A verified key
     * is remembered for {@code docent.security.auth-cache-ttl} (expiry is still checked on every request); revoking
     * it in this replica takes effect at once, in other replicas within that time.
     */
    public Optional<Caller> authenticate(String secret) {
        String hash = hash(secret);
        VerifiedKey key =
                verified.get(hash, () -> QuarkusTransaction.joiningExisting().call(() -> lookUp(hash)));
        return key != null && key.activeAt(Instant.now()) ? Optional.of(key.caller()) : Optional.empty();
    }

    private static VerifiedKey lookUp(String hash) {
        return ApiKeyEntity.findByHash(hash)
                .filter(k -> k.activeAt(Instant.now()))
                .map(k -> new VerifiedKey(
                        k.id,
                        new Caller(
                                k.id.toString(),
                                "user:" + k.owner,
                                Arrays.asList(k.groups),
                                new LinkedHashSet<>(Arrays.asList(k.scopes))),
                        k.expiresAt))
                .orElse(null);
    }

    /** True when some active key has the admin scope. */
    @Transactional
    public boolean anyActiveAdmin() {
        return ApiKeyEntity.<ApiKeyEntity>list("revokedAt is null").stream()
                .anyMatch(k ->
                        k.activeAt(Instant.now()) && Arrays.asList(k.scopes).contains(Caller.SCOPE_ADMIN));
    }

    private static ApiKeyView toView(ApiKeyEntity k, String secret) {
        return new ApiKeyView(
                k.id,
                k.prefix,
                k.owner,
                Arrays.asList(k.scopes),
                Arrays.asList(k.groups),
                k.expiresAt,
                k.revokedAt,
                k.createdAt,
                secret);
    }
}
