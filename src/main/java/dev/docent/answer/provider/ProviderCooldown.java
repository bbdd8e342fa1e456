package dev.docent.answer.provider;

import java.time.Duration;
import java.util.Optional;

/**
 * When a provider said to come back later (a 429 or overload reply with {@code Retry-After}): a short wait is sat
 * out before the bean's retry; a longer one sends every request to the next provider at once, with no call made,
 * until it has passed. One per provider, shared by its requests.
 */
final class ProviderCooldown {
    /** The longest {@code Retry-After} honoured as such: a reply asking for an hour ends the cool-down at this. */
    static final Duration LONGEST = Duration.ofMinutes(10);

    private final String provider;
    private final Duration longestWait;
    private volatile long untilNanos = System.nanoTime();

    ProviderCooldown(String provider, Duration longestWait) {
        this.provider = provider;
        this.longestWait = longestWait;
    }

    /** The provider asked callers to wait {@code delay}. */
    void heard(Duration delay) {
        long until = System.nanoTime() + Math.min(delay.toNanos(), LONGEST.toNanos());
        synchronized (this) {
            if (until - untilNanos > 0) {
                untilNanos = until;
            }
        }
    }

    void forget() {
        untilNanos = System.nanoTime();
    }

    Optional<Duration> remaining() {
        long left = untilNanos - System.nanoTime();
        return left > 0 ? Optional.of(Duration.ofNanos(left)) : Optional.empty();
    }

    /**
     * Throws when the provider is cooling down for longer than a request should wait; a shorter cool-down is sat
     * out when {@code wait} (a blocking call), or ignored (a stream, whose caller is waiting for tokens).
     */
    void check(boolean wait) {
        remaining().filter(r -> r.compareTo(longestWait) > 0).ifPresent(r -> {
            throw new ProviderCoolingDown(provider, r, false, null);
        });
        if (wait) {
            waitOut();
        }
    }

    /**
     * What a failed call should throw: the failure itself, after sitting out a short requested wait (so the bean's
     * retry comes when the provider asked), or {@link ProviderCoolingDown} when the wait is longer than that.
     */
    RuntimeException after(RuntimeException failure) {
        Optional<Duration> left = remaining();
        if (left.isPresent() && left.get().compareTo(longestWait) > 0) {
            return new ProviderCoolingDown(provider, left.get(), true, failure);
        }
        waitOut();
        return failure;
    }

    private void waitOut() {
        Optional<Duration> left = remaining();
        if (left.isEmpty()) {
            return;
        }
        try {
            Thread.sleep(left.get());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
