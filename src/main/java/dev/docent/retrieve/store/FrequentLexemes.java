package dev.docent.retrieve.store;

import dev.docent.shared.cache.TtlCache;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import java.util.function.LongSupplier;

/**
 * Document frequencies of a collection's common lexemes, remembered for a short time per replica. Counting a
 * lexeme's postings costs work proportional to its document frequency, so rare lexemes are counted by every query
 * (cheap, always exact) and only the common ones come from here: their idf moves little while the count is up to
 * {@code ttl} old. Bounded: a full cache starts over.
 */
public final class FrequentLexemes {
    private record Key(UUID collection, String lexeme) {}

    private final TtlCache<Key, Long> counts;

    public FrequentLexemes(Duration ttl, int maxEntries, LongSupplier clock) {
        this.counts = new TtlCache<>(ttl, maxEntries, clock);
    }

    public FrequentLexemes(Duration ttl) {
        this(ttl, 100_000, System::nanoTime);
    }

    /** The remembered document frequency, if it is younger than the time to live. */
    Optional<Long> get(UUID collection, String lexeme) {
        return Optional.ofNullable(counts.peek(new Key(collection, lexeme)));
    }

    void put(UUID collection, String lexeme, long df) {
        counts.put(new Key(collection, lexeme), df);
    }
}
