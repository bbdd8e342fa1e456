package dev.docent.shared.cache;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * A small in-memory cache with a time to live, per replica (authorization facts, common lexemes' document
 * frequencies). Invalidation is immediate in
 * this replica and also discards lookups that were in flight when it happened (a lookup that read the database
 * before a revocation committed must not be cached after it), so a revoked key or removed member can never be
 * served from here once {@link #invalidate} has run. Other replicas see the change within the time to live.
 */
public final class TtlCache<K, V> {
    private record Entry<V>(V value, long expiresAtNanos) {}

    private final ConcurrentMap<K, Entry<V>> entries = new ConcurrentHashMap<>();
    private final AtomicLong generation = new AtomicLong();
    private final long ttlNanos;
    private final int maxEntries;
    private final LongSupplier clock;

    public TtlCache(java.time.Duration ttl, int maxEntries, LongSupplier clock) {
        this.ttlNanos = ttl.toNanos();
        this.maxEntries = maxEntries;
        this.clock = clock;
    }

    public TtlCache(java.time.Duration ttl, int maxEntries) {
        this(ttl, maxEntries, System::nanoTime);
    }

    /** The cached value, or {@code load}'s (cached unless an invalidation ran meanwhile). */
    public V get(K key, Supplier<V> load) {
        if (ttlNanos <= 0) {
            return load.get();
        }
        V hit = peek(key);
        if (hit != null) {
            return hit;
        }
        long before = generation.get();
        V value = load.get();
        if (value != null) {
            put(key, value);
            if (generation.get() != before) {
                entries.remove(key); // an invalidation ran while we looked it up: do not keep what we read
            }
        }
        return value;
    }

    /** The cached value if it has not expired, else {@code null}; loads nothing. */
    public V peek(K key) {
        Entry<V> hit = entries.get(key);
        return hit != null && clock.getAsLong() - hit.expiresAtNanos() < 0 ? hit.value() : null;
    }

    /** Caches {@code value} for the time to live (nothing when the time to live is zero). */
    public void put(K key, V value) {
        if (ttlNanos <= 0) {
            return;
        }
        if (entries.size() >= maxEntries) {
            entries.clear(); // crude bound: a full cache starts over
        }
        entries.put(key, new Entry<>(value, clock.getAsLong() + ttlNanos));
    }

    /** Drops the entries {@code stale} matches and any lookup in flight. */
    public void invalidate(Predicate<V> stale) {
        generation.incrementAndGet();
        entries.values().removeIf(e -> stale.test(e.value()));
    }

    /** Drops every entry for which the key matches. */
    public void invalidateKeys(Predicate<K> stale) {
        generation.incrementAndGet();
        entries.keySet().removeIf(stale);
    }

    /**
     * Runs {@code action} when the current transaction has completed (committed or rolled back): invalidation
     * must follow the commit, or a lookup in between could read the old row and cache it again.
     */
    public static void afterCompletion(
            jakarta.transaction.TransactionSynchronizationRegistry transactions, Runnable action) {
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
