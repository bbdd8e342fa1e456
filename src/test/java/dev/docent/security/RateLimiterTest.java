package dev.docent.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.docent.security.service.RateLimiter;
import org.junit.jupiter.api.Test;

class RateLimiterTest {

    @Test
    void aBucketAllowsOneMinutesAllowanceThenTellsHowLongToWait() {
        // 60 per minute = one per second
        RateLimiter.Bucket bucket = new RateLimiter.Bucket(60);
        long t0 = System.nanoTime();
        for (int i = 0; i < 60; i++) {
            assertThat(bucket.take(t0).allowed()).isTrue();
        }
        RateLimiter.Decision refused = bucket.take(t0);
        assertThat(refused.allowed()).isFalse();
        assertThat(refused.retryAfterSeconds()).isEqualTo(1);
        // half a second later still refused, a second later one more request passes
        assertThat(bucket.take(t0 + 500_000_000L).allowed()).isFalse();
        assertThat(bucket.take(t0 + 1_000_000_000L).allowed()).isTrue();
    }

    @Test
    void slowLimitsAskForLongerWaits() {
        RateLimiter.Bucket bucket = new RateLimiter.Bucket(2); // one every 30 s
        long t0 = System.nanoTime();
        assertThat(bucket.take(t0).allowed()).isTrue();
        assertThat(bucket.take(t0).allowed()).isTrue();
        assertThat(bucket.take(t0).retryAfterSeconds()).isEqualTo(30);
    }
}
