package dev.docent.security.service;

import dev.docent.shared.error.DocentException;
import dev.docent.shared.error.ErrorCode;
import jakarta.enterprise.context.RequestScoped;

/** The authenticated caller of the current request, set by the authentication filter. */
@RequestScoped
public class CallerContext {
    private Caller caller;
    private final java.util.Map<java.util.UUID, java.util.Optional<Role>> roles = new java.util.HashMap<>();

    /** The caller's role in a collection, looked up once per request (the filter and retrieval both ask). */
    java.util.Optional<Role> role(
            java.util.UUID collectionId, java.util.function.Supplier<java.util.Optional<Role>> lookup) {
        return roles.computeIfAbsent(collectionId, id -> lookup.get());
    }

    /** Set by the authentication filter only. */
    public void set(Caller caller) {
        this.caller = caller;
    }

    /** The caller; fails with {@code unauthenticated} when the request carried no valid credential. */
    /** The caller, or empty outside an authenticated request (background jobs). */
    public java.util.Optional<Caller> current() {
        return java.util.Optional.ofNullable(caller);
    }

    public Caller require() {
        if (caller == null) {
            throw new DocentException(ErrorCode.UNAUTHENTICATED, "Credentials are required");
        }
        return caller;
    }
}
