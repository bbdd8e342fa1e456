package dev.docent.security.service;

import dev.docent.shared.error.DocentException;
import dev.docent.shared.error.ErrorCode;
import jakarta.enterprise.context.RequestScoped;

/** The authenticated caller of the current request, set by the authentication filter. */
@RequestScoped
public class CallerContext {
    private Caller caller;

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
