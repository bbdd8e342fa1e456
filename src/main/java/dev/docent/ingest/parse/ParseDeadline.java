package dev.docent.ingest.parse;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.LongSupplier;

/**
 * When a parse must end: {@link ParserLimits#timeout()} after it last finished a page or an embedded document (or
 * began), and {@link ParserLimits#maxDuration()} after it began, whichever comes first. Both in-process parsing and
 * the service's side of a parse worker wait by it.
 */
public final class ParseDeadline {
    private final ParserLimits limits;
    private final LongSupplier lastProgressNanos;
    private final long startedNanos = System.nanoTime();

    /** {@code lastProgressNanos} answers when the parse last made progress, in {@link System#nanoTime()}. */
    public ParseDeadline(ParserLimits limits, LongSupplier lastProgressNanos) {
        this.limits = limits;
        this.lastProgressNanos = lastProgressNanos;
    }

    /** Nanoseconds left before the parse must be abandoned; zero or less once it must. */
    public long nanosLeft() {
        long now = System.nanoTime();
        long stalled = lastProgressNanos.getAsLong() + limits.timeout().toNanos() - now;
        long total = startedNanos + limits.maxDuration().toNanos() - now;
        return Math.min(stalled, total);
    }

    /**
     * Waits for the parse's answer while it keeps making progress in time; a {@link TimeoutException} carrying
     * {@link #exceededMessage()} once it does not.
     */
    public <T> T await(Future<T> answer) throws InterruptedException, ExecutionException, TimeoutException {
        while (true) {
            long left = nanosLeft();
            if (left <= 0) {
                throw new TimeoutException(exceededMessage());
            }
            try {
                return answer.get(left, TimeUnit.NANOSECONDS);
            } catch (TimeoutException e) {
                // a page may have finished meanwhile: look at the deadline again
            }
        }
    }

    /** What the document's owner is told when {@link #nanosLeft()} ran out. */
    public String exceededMessage() {
        if (limits.maxDuration().equals(limits.timeout())) {
            return "The document took too long to parse.";
        }
        long total = startedNanos + limits.maxDuration().toNanos() - System.nanoTime();
        if (total <= 0) {
            return "The document took longer to parse than the " + words(limits.maxDuration()) + " a parse may take.";
        }
        return "The document took too long to parse (" + words(limits.timeout()) + " without finishing a page).";
    }

    static String words(Duration d) {
        long seconds = d.toSeconds();
        if (seconds < 120) {
            return seconds + " s";
        }
        if (seconds % 3600 == 0) {
            return seconds / 3600 + " h";
        }
        return (seconds + 30) / 60 + " min";
    }
}
