package dev.docent.answer.provider;

import java.time.Duration;

/**
 * The provider asked callers to come back later ({@code Retry-After}) and that is longer than a request waits:
 * the request goes on to the next provider. Not retried, and not counted by the breaker (the reply that asked for
 * the wait was).
 */
public final class ProviderCoolingDown extends RuntimeException {
    private final boolean called;

    ProviderCoolingDown(String provider, Duration remaining, boolean called, Throwable cause) {
        super(provider + " asked to wait " + Math.max(1, remaining.toSeconds()) + " s more", cause, false, false);
        this.called = called;
    }

    /** Whether a call was made (the reply that asked for the wait) or skipped because of an earlier one. */
    public boolean called() {
        return called;
    }
}
