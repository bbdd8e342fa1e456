package dev.docent.retrieve.store;

import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.LongSupplier;

/**
 * Document frequencies of a collection's common lexemes, remembered for a short time per replica. Counting a
 * lexeme's postings costs work proportional to its document frequency, so rare lexemes are counted by every query
 * (cheap, always exact) and only the common ones come from here: their idf moves little while the count is up to
 * {@code ttl} old. Bounded: a full map starts over.
 */
public final class FrequentLexemes {
    private record Key(UUID collection, String lexeme) {}

    private record Entry(long df, long expiresAtNanos) {}

    private final ConcurrentMap<Key, Entry> entries = new ConcurrentHashMap<>();
    private final long ttlNanos;
    private final int maxEntries;
    private final LongSupplier clock;

    public FrequentLexemes(Duration ttl, int maxEntries, LongSupplier clock) {
        this.ttlNanos = ttl.toNanos();
        this.maxEntries = maxEntries;
        this.clock = clock;
    }

    public FrequentLexemes(Duration ttl) {
        this(ttl, 100_000, System::nanoTime);
    }

    /** The remembered document frequency, if it is younger than the time to live. */
    Optional<Long> get(UUID collection, String lexeme) {
        Entry e = entries.get(new Key(collection, lexeme));
        return e != null && clock.getAsLong() - e.expiresAtNanos() < 0 ? Optional.of(e.df()) : Optional.empty();
    }

    void put(UUID collection, String lexeme, long df) {
        if (ttlNanos <= 0) {
            return;
        }
        if (entries.size() >= maxEntries) {
            entries.clear();
        }
        entries.put(new Key(collection, lexeme), new Entry(df, clock.getAsLong() + ttlNanos));
    }
}
