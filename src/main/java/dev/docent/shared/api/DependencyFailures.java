package dev.docent.shared.api;

import java.net.ConnectException;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Recognises "the database cannot be reached right now" anywhere in a cause chain, whatever wraps it
 * (Hibernate, JPA, Narayana, Agroal, our own {@code DocentException}). Such failures become 503
 * {@code unavailable} with {@code Retry-After}, never 500: the request is fine, the dependency is not.
 */
public final class DependencyFailures {
    private static final int MAX_VISITED = 64;

    /** PostgreSQL SQLSTATEs besides class 08 (connection exception) that mean "try again later". */
    private static final Set<String> UNAVAILABLE_STATES = Set.of(
            "57P01", // admin_shutdown: the server is stopping (pg_ctl stop -m fast)
            "57P02", // crash_shutdown
            "57P03", // cannot_connect_now: starting up or shutting down
            "53300" // too_many_connections
            );

    private DependencyFailures() {}

    /** Whether the database could not be reached (or refused work for now) anywhere in {@code failure}'s causes. */
    public static boolean isDatabaseUnavailable(Throwable failure) {
        return anyCause(failure, DependencyFailures::isConnectionFailure);
    }

    /**
     * Whether the database refused a value it was given (SQLSTATE class 22, data exception: a NUL character, a date
     * or number out of range, a string too long): the request's fault when the value came from it.
     */
    public static boolean isBadValue(Throwable failure) {
        return anyCause(
                failure,
                t -> t instanceof SQLException sql
                        && sql.getSQLState() != null
                        && sql.getSQLState().startsWith("22"));
    }

    /**
     * Whether a remote service (an embedding endpoint) was down for a while anywhere in {@code failure}'s causes: a
     * 5xx or 429 after the retries, a timeout, a refused connection, an open breaker. Not when it refused the request
     * itself (LangChain4j's non-retriable errors: a 4xx, a reply that will not change).
     */
    public static boolean isRemoteServiceDown(Throwable failure) {
        return !anyCause(failure, t -> t instanceof dev.langchain4j.exception.NonRetriableException)
                && anyCause(
                        failure,
                        t -> t instanceof org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException
                                || t instanceof dev.langchain4j.exception.RetriableException
                                || t instanceof org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException
                                || t instanceof ConnectException
                                || t instanceof java.net.http.HttpTimeoutException);
    }

    private static boolean anyCause(Throwable failure, java.util.function.Predicate<Throwable> test) {
        // Breadth-first over causes, suppressed exceptions (Narayana reports a failed commit's XAException as
        // suppressed on its RollbackException) and chained SQLExceptions; bounded and cycle-safe.
        Map<Throwable, Boolean> seen = new IdentityHashMap<>();
        Deque<Throwable> queue = new ArrayDeque<>();
        if (failure != null) {
            queue.add(failure);
        }
        while (!queue.isEmpty() && seen.size() < MAX_VISITED) {
            Throwable t = queue.poll();
            if (seen.put(t, Boolean.TRUE) != null) {
                continue;
            }
            if (test.test(t)) {
                return true;
            }
            if (t.getCause() != null) {
                queue.add(t.getCause());
            }
            queue.addAll(Arrays.asList(t.getSuppressed()));
            if (t instanceof SQLException sql && sql.getNextException() != null) {
                queue.add(sql.getNextException());
            }
        }
        return false;
    }

    private static boolean isConnectionFailure(Throwable t) {
        if (t instanceof SQLTransientConnectionException
                || t instanceof SQLNonTransientConnectionException
                || t instanceof ConnectException
                || t instanceof org.hibernate.exception.JDBCConnectionException) {
            return true;
        }
        if (t instanceof SQLException sql) {
            String state = sql.getSQLState();
            if (state != null && (state.startsWith("08") || UNAVAILABLE_STATES.contains(state))) {
                return true;
            }
            // Agroal: plain SQLException when no connection could be acquired within the acquisition timeout.
            String message = sql.getMessage();
            return message != null && message.contains("acquisition timeout");
        }
        return false;
    }
}
