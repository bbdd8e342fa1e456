package dev.docent.security.service;

import dev.docent.security.config.SecurityConfig;
import dev.docent.shared.cache.TtlCache;
import dev.docent.shared.error.DocentException;
import dev.docent.shared.error.ErrorCode;
import io.quarkus.hibernate.orm.panache.Panache;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.TransactionSynchronizationRegistry;
import jakarta.transaction.Transactional;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Collection-level authorization. A caller without any role in a collection is told it does not exist (404),
 * exactly as for a collection that really does not exist, so existence is never disclosed.
 */
@ApplicationScoped
public class CollectionAccess {
    private final AuditLog audit;
    private final CallerContext callers;
    private final TransactionSynchronizationRegistry transactions;
    /** Roles by collection and caller identity; membership changes here invalidate their collection at once. */
    private final TtlCache<RoleKey, Optional<Role>> roles;

    /** What a role depends on: the collection, the principals the caller may be named by, and its scopes. */
    private record RoleKey(UUID collectionId, List<String> principals, Set<String> scopes) {
        static RoleKey of(Caller caller, UUID collectionId) {
            return new RoleKey(collectionId, caller.principals(), Set.copyOf(caller.scopes()));
        }
    }

    CollectionAccess(
            AuditLog audit,
            CallerContext callers,
            TransactionSynchronizationRegistry transactions,
            SecurityConfig config) {
        this.audit = audit;
        this.callers = callers;
        this.transactions = transactions;
        this.roles = new TtlCache<>(config.authCacheTtl(), 50_000);
    }

    /**
     * The caller's effective role: the best membership (own or a group's), capped by the key's scopes. For the
     * current request's caller it is looked up once per request; across requests it is remembered for
     * {@code docent.security.auth-cache-ttl} (membership changes in this replica take effect at once).
     */
    public Optional<Role> roleOf(Caller caller, UUID collectionId) {
        try {
            if (callers.current().filter(caller::equals).isPresent()) {
                return callers.role(collectionId, () -> lookUpRole(caller, collectionId));
            }
        } catch (jakarta.enterprise.context.ContextNotActiveException e) {
            // no request (background work): look it up
        }
        return lookUpRole(caller, collectionId);
    }

    private Optional<Role> lookUpRole(Caller caller, UUID collectionId) {
        return roles.get(
                RoleKey.of(caller, collectionId),
                () -> QuarkusTransaction.joiningExisting().call(() -> queryRole(caller, collectionId)));
    }

    /** Forgets every role remembered for a deleted collection (after its transaction has committed). */
    public void forget(UUID collectionId) {
        roles.invalidateKeys(k -> k.collectionId().equals(collectionId));
    }

    /** Forgets the roles remembered for a collection once the current transaction has completed. */
    private void forgetRolesAfterCommit(UUID collectionId) {
        TtlCache.afterCompletion(
                transactions, () -> roles.invalidateKeys(k -> k.collectionId().equals(collectionId)));
    }

    private static Optional<Role> queryRole(Caller caller, UUID collectionId) {
        if (!exists(collectionId)) {
            return Optional.empty();
        }
        if (caller.isAdmin()) {
            return Optional.of(Role.ADMIN);
        }
        @SuppressWarnings("unchecked")
        List<String> roles = Panache.getEntityManager()
                .createNativeQuery(
                        "SELECT role FROM collection_member WHERE collection_id = ?1 AND principal = ANY(?2)")
                .setParameter(1, collectionId)
                .setParameter(2, caller.principals().toArray(String[]::new))
                .getResultList();
        return roles.stream()
                .map(Role::parse)
                .max(Role::compareTo)
                .map(r -> r.includes(caller.scopeCap()) ? caller.scopeCap() : r);
    }

    /** Fails with {@code not_found} without any role, {@code forbidden} when the role is too low. */
    public void require(Caller caller, UUID collectionId, Role needed) {
        Role role = roleOf(caller, collectionId).orElseThrow(() -> notFound(collectionId));
        if (!role.includes(needed)) {
            throw new DocentException(
                    ErrorCode.FORBIDDEN, "This operation needs the " + needed.wire() + " role in the collection");
        }
    }

    /** Ids of the collections the caller may read; empty for a global admin, who reads all. */
    @Transactional
    public Optional<Set<UUID>> readable(Caller caller) {
        if (caller.isAdmin()) {
            return Optional.empty();
        }
        @SuppressWarnings("unchecked")
        List<UUID> ids = Panache.getEntityManager()
                .createNativeQuery("SELECT DISTINCT collection_id FROM collection_member WHERE principal = ANY(?1)")
                .setParameter(1, caller.principals().toArray(String[]::new))
                .getResultList();
        return Optional.of(new HashSet<>(ids));
    }

    /** Makes the creator of a collection its admin. */
    @Transactional
    public void grantCreator(Caller caller, UUID collectionId) {
        grant(collectionId, caller.principal(), Role.ADMIN);
        audit.record(caller.principal(), "collection.create", collectionId.toString());
    }

    /**
     * Sets a principal's role ({@code user:NAME} or {@code group:NAME}); {@code conflict} when it would demote the
     * collection's last admin.
     */
    @Transactional
    public void grant(UUID collectionId, String principal, Role role) {
        lockMembers(collectionId);
        Panache.getEntityManager()
                .createNativeQuery("INSERT INTO collection_member (collection_id, principal, role) VALUES (?1, ?2, ?3)"
                        + " ON CONFLICT (collection_id, principal) DO UPDATE SET role = EXCLUDED.role")
                .setParameter(1, collectionId)
                .setParameter(2, principal)
                .setParameter(3, role.wire())
                .executeUpdate();
        requireAnAdmin(collectionId);
        forgetRolesAfterCommit(collectionId);
    }

    /** Removes a principal's membership; {@code conflict} when it is the collection's last admin. */
    @Transactional
    public boolean revoke(UUID collectionId, String principal) {
        lockMembers(collectionId);
        boolean removed = Panache.getEntityManager()
                        .createNativeQuery("DELETE FROM collection_member WHERE collection_id = ?1 AND principal = ?2")
                        .setParameter(1, collectionId)
                        .setParameter(2, principal)
                        .executeUpdate()
                > 0;
        requireAnAdmin(collectionId);
        forgetRolesAfterCommit(collectionId);
        return removed;
    }

    /** Serialises membership changes of one collection, so two admins demoting each other cannot both succeed. */
    private static void lockMembers(UUID collectionId) {
        Panache.getEntityManager()
                .createNativeQuery("SELECT pg_advisory_xact_lock(hashtextextended(?1, 1))")
                .setParameter(1, "members/" + collectionId)
                .getSingleResult();
    }

    /**
     * A collection keeps an admin among its members: without one, only a global admin could manage it again (its
     * creator, holding a write key, would lose it).
     */
    private static void requireAnAdmin(UUID collectionId) {
        Number admins = (Number) Panache.getEntityManager()
                .createNativeQuery("SELECT count(*) FROM collection_member WHERE collection_id = ?1 AND role = ?2")
                .setParameter(1, collectionId)
                .setParameter(2, Role.ADMIN.wire())
                .getSingleResult();
        if (admins.longValue() == 0) {
            throw new DocentException(
                    ErrorCode.CONFLICT,
                    "A collection keeps at least one admin among its members; make another member admin first.");
        }
    }

    /** Members as (principal, role) pairs, principal order. */
    @Transactional
    public List<Object[]> members(UUID collectionId) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = Panache.getEntityManager()
                .createNativeQuery(
                        "SELECT principal, role FROM collection_member WHERE collection_id = ?1 ORDER BY principal")
                .setParameter(1, collectionId)
                .getResultList();
        return rows;
    }

    private static boolean exists(UUID collectionId) {
        return !Panache.getEntityManager()
                .createNativeQuery("SELECT 1 FROM collection WHERE id = ?1 AND deleted_at IS NULL")
                .setParameter(1, collectionId)
                .getResultList()
                .isEmpty();
    }

    static DocentException notFound(UUID collectionId) {
        return new DocentException(ErrorCode.NOT_FOUND, "Collection " + collectionId + " not found");
    }
}
