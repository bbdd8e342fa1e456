package dev.docent.security.service;

import dev.docent.security.config.SecurityConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Per-credential token buckets, one per endpoint class, refilled continuously at the configured requests per
 * minute. In memory per replica: with N replicas a key gets up to N times its limit (docs/security.md).
 */
@ApplicationScoped
public class RateLimiter {

    /** Endpoint classes with separate limits. */
    public enum EndpointClass {
        QUERY,
        WRITE,
        READ
    }

    /** Whether a request may proceed, and if not, after how many whole seconds it may. */
    public record Decision(boolean allowed, long retryAfterSeconds) {}

    private final SecurityConfig config;
    private final ConcurrentMap<String, Bucket> buckets = new ConcurrentHashMap<>();

    RateLimiter(SecurityConfig config) {
        this.config = config;
    }

    public Decision tryAcquire(String credential, EndpointClass endpointClass) {
        int perMinute = switch (endpointClass) {
            case QUERY -> config.queryRequestsPerMinute();
            case WRITE -> config.writeRequestsPerMinute();
            case READ -> config.readRequestsPerMinute();
        };
        if (perMinute <= 0) {
            return new Decision(true, 0);
        }
        Bucket bucket = buckets.computeIfAbsent(credential + "|" + endpointClass, k -> new Bucket(perMinute));
        return bucket.take(System.nanoTime());
    }

    /** A token bucket holding at most one minute's allowance. */
    public static final class Bucket {
        private final double capacity;
        private final double perNano;
        private double tokens;
        private long last;

        public Bucket(int perMinute) {
            this.capacity = perMinute;
            this.perNano = perMinute / 60e9;
            this.tokens = perMinute;
            this.last = System.nanoTime();
        }

        public synchronized Decision take(long now) {
            tokens = Math.min(capacity, tokens + (now - last) * perNano);
            last = now;
            if (tokens >= 1) {
                tokens -= 1;
                return new Decision(true, 0);
            }
            long wait = (long) Math.ceil((1 - tokens) / perNano / 1e9);
            return new Decision(false, Math.max(1, wait));
        }
    }
}
