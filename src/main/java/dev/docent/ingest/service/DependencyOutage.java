package dev.docent.ingest.service;

import dev.langchain4j.exception.NonRetriableException;
import dev.langchain4j.exception.RetriableException;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;

/**
 * Whether a document failed because a remote dependency was down for a while (a 5xx or 429 after the retries, a
 * timeout, a refused connection, an open breaker), rather than because of the document or a reply that will not
 * change (a 4xx, vectors of the wrong size): the first kind is waited out, the second counts as an attempt.
 */
final class DependencyOutage {
    private DependencyOutage() {}

    static boolean of(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof NonRetriableException) {
                return false;
            }
            if (t instanceof CircuitBreakerOpenException
                    || t instanceof RetriableException
                    || t instanceof org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException
                    || t instanceof java.net.ConnectException
                    || t instanceof java.net.http.HttpTimeoutException) {
                return true;
            }
        }
        return false;
    }
}
