package dev.docent.security.service;

import java.util.List;
import java.util.Set;

/**
 * Who is calling: the authenticated principal, its groups (document ACLs match against them) and the scopes of
 * its credential.
 *
 * @param credential id of the key (or token) used, the unit of rate limits
 * @param principal {@code user:<owner>} of the key or token subject
 * @param groups groups of the caller, used for collection membership and document ACLs
 * @param scopes {@code admin} (global: manage keys, every collection), {@code write} (whatever the collection
 *     roles allow), {@code read} (at most reader, whatever the roles say)
 * @param expiresAt when a token's credential expires (its {@code exp}), for work that outlives the request; null for
 *     API keys, whose expiry and revocation {@link ApiKeys#stillActive} reads
 */
public record Caller(
        String credential, String principal, List<String> groups, Set<String> scopes, java.time.Instant expiresAt) {

    public Caller(String credential, String principal, List<String> groups, Set<String> scopes) {
        this(credential, principal, groups, scopes, null);
    }

    public static final String SCOPE_ADMIN = "admin";
    public static final String SCOPE_WRITE = "write";
    public static final String SCOPE_READ = "read";

    public boolean isAdmin() {
        return scopes.contains(SCOPE_ADMIN);
    }

    /** The most this credential may do in any collection, whatever its memberships say. */
    public Role scopeCap() {
        return isAdmin() || scopes.contains(SCOPE_WRITE) ? Role.ADMIN : Role.READER;
    }

    /** Principals that membership rows may name for this caller. */
    public List<String> principals() {
        return java.util.stream.Stream.concat(
                        java.util.stream.Stream.of(principal), groups.stream().map(g -> "group:" + g))
                .toList();
    }
}
