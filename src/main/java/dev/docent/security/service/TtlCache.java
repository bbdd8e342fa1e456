package dev.docent.security.service;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * A small in-memory cache of authorization facts with a time to live, per replica. Invalidation is immediate in
 * this replica and also discards lookups that were in flight when it happened (a lookup that read the database
 * before a revocation committed must not be cached after it), so a revoked key or removed member can never be
 * served from here once {@link #invalidate} has run. Other replicas see the change within the time to live.
 */
final class TtlCache<K, V> {
    private record Entry<V>(V value, long expiresAtNanos) {}

    private final ConcurrentMap<K, Entry<V>> entries = new ConcurrentHashMap<>();
    private final AtomicLong generation = new AtomicLong();
    private final long ttlNanos;
    private final int maxEntries;
    private final LongSupplier clock;

    TtlCache(java.time.Duration ttl, int maxEntries, LongSupplier clock) {
        this.ttlNanos = ttl.toNanos();
        this.maxEntries = maxEntries;
        this.clock = clock;
    }

    TtlCache(java.time.Duration ttl, int maxEntries) {
        this(ttl, maxEntries, System::nanoTime);
    }

    /** The cached value, or {@code load}'s (cached unless an invalidation ran meanwhile). */
    V get(K key, Supplier<V> load) {
        if (ttlNanos <= 0) {
            return load.get();
        }
        long now = clock.getAsLong();
        Entry<V> hit = entries.get(key);
        if (hit != null && now - hit.expiresAtNanos() < 0) {
            return hit.value();
        }
        long before = generation.get();
        V value = load.get();
        if (value != null) {
            if (entries.size() >= maxEntries) {
                entries.clear(); // crude bound: a full cache starts over
            }
            entries.put(key, new Entry<>(value, now + ttlNanos));
            if (generation.get() != before) {
                entries.remove(key); // an invalidation ran while we looked it up: do not keep what we read
            }
        }
        return value;
    }

    /** Drops the entries {@code stale} matches and any lookup in flight. */
    void invalidate(Predicate<V> stale) {
        generation.incrementAndGet();
        entries.values().removeIf(e -> stale.test(e.value()));
    }

    /** Drops every entry for which the key matches. */
    void invalidateKeys(Predicate<K> stale) {
        generation.incrementAndGet();
        entries.keySet().removeIf(stale);
    }

    /**
     * Runs {@code action} when the current transaction has completed (committed or rolled back): invalidation
     * must follow the commit, or a lookup in between could read the old row and cache it again.
     */
    static void afterCompletion(jakarta.transaction.TransactionSynchronizationRegistry transactions, Runnable action) {
        transactions.registerInterposedSynchronization(new jakarta.transaction.Synchronization() {
            @Override
            public void beforeCompletion() {}

            @Override
            public void afterCompletion(int status) {
                action.run();
            }
        });
    }

    int size() {
        return entries.size();
    }
}
