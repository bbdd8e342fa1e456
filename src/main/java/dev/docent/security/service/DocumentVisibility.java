package dev.docent.security.service;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.ContextNotActiveException;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Which documents of a collection the current caller may see: all of them for global admins and the collection's
 * admins (and for internal work outside a request), otherwise those without ACL groups or sharing a group with
 * the caller. Retrieval, listing, reading and answering apply it in SQL.
 */
@ApplicationScoped
public class DocumentVisibility {
    private final CallerContext callers;
    private final CollectionAccess access;

    DocumentVisibility(CallerContext callers, CollectionAccess access) {
        this.callers = callers;
        this.access = access;
    }

    /** The caller's groups when document ACLs restrict them in this collection; {@code null} when unrestricted. */
    public List<String> restrictTo(UUID collectionId) {
        Optional<Caller> caller;
        try {
            caller = callers.current();
        } catch (ContextNotActiveException e) {
            return null;
        }
        return caller.map(c -> restrictTo(c, collectionId)).orElse(null);
    }

    /** {@link #restrictTo(UUID)} for a given caller, e.g. one read in a request and used after it. */
    public List<String> restrictTo(Caller caller, UUID collectionId) {
        if (caller.isAdmin()) {
            return null;
        }
        boolean collectionAdmin =
                access.roleOf(caller, collectionId).map(r -> r == Role.ADMIN).orElse(false);
        return collectionAdmin ? null : List.copyOf(caller.groups());
    }

    /** True when a document with these ACL groups is visible under {@code restriction} (see {@link #restrictTo}). */
    public static boolean visible(List<String> documentGroups, List<String> restriction) {
        return restriction == null
                || documentGroups == null
                || documentGroups.isEmpty()
                || documentGroups.stream().anyMatch(restriction::contains);
    }
}
