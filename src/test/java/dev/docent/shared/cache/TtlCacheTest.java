package dev.docent.shared.cache;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class TtlCacheTest {
    private final AtomicLong now = new AtomicLong();
    private final AtomicInteger loads = new AtomicInteger();

    private String load(String value) {
        loads.incrementAndGet();
        return value;
    }

    @Test
    void aValueIsServedUntilItsTimeToLiveThenLoadedAgain() {
        TtlCache<String, String> cache = new TtlCache<>(Duration.ofSeconds(10), 100, now::get);
        assertThat(cache.get("k", () -> load("v1"))).isEqualTo("v1");
        now.addAndGet(Duration.ofMillis(9_999).toNanos());
        assertThat(cache.get("k", () -> load("v2"))).isEqualTo("v1");
        now.addAndGet(Duration.ofMillis(1).toNanos());
        assertThat(cache.get("k", () -> load("v2"))).isEqualTo("v2"); // another replica's change shows by now
        assertThat(loads).hasValue(2);
    }

    @Test
    void invalidationIsImmediateAndOnlyForMatchingEntries() {
        TtlCache<String, String> cache = new TtlCache<>(Duration.ofSeconds(10), 100, now::get);
        cache.get("a", () -> load("key-1"));
        cache.get("b", () -> load("key-2"));
        cache.invalidate("key-1"::equals);
        assertThat(cache.get("a", () -> load("revoked"))).isEqualTo("revoked");
        assertThat(cache.get("b", () -> load("reloaded"))).isEqualTo("key-2");
        cache.invalidateKeys("b"::equals);
        assertThat(cache.get("b", () -> load("reloaded"))).isEqualTo("reloaded");
    }

    @Test
    void aLookupThatRacedAnInvalidationIsNotKept() {
        TtlCache<String, String> cache = new TtlCache<>(Duration.ofSeconds(10), 100, now::get);
        // the lookup read the row before the revocation committed; the invalidation ran before it returned
        String stale = cache.get("k", () -> {
            cache.invalidate(v -> true);
            return load("active");
        });
        assertThat(stale).isEqualTo("active"); // this one request was already past the check
        assertThat(cache.get("k", () -> load("revoked"))).isEqualTo("revoked");
        assertThat(cache.size()).isEqualTo(1);
    }

    @Test
    void missesAreNotCachedAndAZeroTimeToLiveDisablesTheCache() {
        TtlCache<String, String> cache = new TtlCache<>(Duration.ofSeconds(10), 100, now::get);
        assertThat(cache.get("unknown", () -> null)).isNull();
        assertThat(cache.size()).isZero();
        TtlCache<String, String> off = new TtlCache<>(Duration.ZERO, 100, now::get);
        off.get("k", () -> load("v"));
        off.get("k", () -> load("v"));
        assertThat(loads).hasValue(2);
    }

    @Test
    void theCacheStaysBounded() {
        TtlCache<Integer, String> cache = new TtlCache<>(Duration.ofSeconds(10), 50, now::get);
        for (int i = 0; i < 500; i++) {
            int n = i;
            cache.get(n, () -> "v" + n);
        }
        assertThat(cache.size()).isLessThanOrEqualTo(50);
    }
}
