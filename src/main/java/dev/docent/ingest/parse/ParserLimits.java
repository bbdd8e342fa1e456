package dev.docent.ingest.parse;

import java.time.Duration;
import java.util.Objects;

/**
 * Resource limits applied to every parse.
 *
 * @param maxBytes largest accepted input in bytes; larger inputs fail with {@code too_large}
 * @param writeLimitChars maximum number of characters of text kept; longer documents are truncated (not
 *     rejected) and marked with metadata {@code truncated=true}
 * @param timeout the longest a parse may run without finishing a page or an embedded document (a parse that
 *     hangs fails after it); a document whose pages keep coming may take longer, up to {@code maxDuration}
 * @param maxEmbeddedDepth how deep embedded documents (attachments, embedded files) are parsed; 0 = not at
 *     all, 1 = attachments of the document itself, 2 = also attachments of attachments, ...
 * @param maxDuration the longest a parse may run in all, however its pages come (at least {@code timeout}): a scan
 *     of many pages OCR'd one after the other needs more than one page's timeout
 */
public record ParserLimits(
        long maxBytes, int writeLimitChars, Duration timeout, int maxEmbeddedDepth, Duration maxDuration) {

    /** Largest value of {@link #maxBytes()}: the whole input is held in one byte array. */
    public static final long MAX_SUPPORTED_BYTES = Integer.MAX_VALUE - 16L;

    /** Limits whose {@code timeout} is also the whole parse's: pages finished never earn more time. */
    public ParserLimits(long maxBytes, int writeLimitChars, Duration timeout, int maxEmbeddedDepth) {
        this(maxBytes, writeLimitChars, timeout, maxEmbeddedDepth, timeout);
    }

    public ParserLimits {
        Objects.requireNonNull(timeout, "timeout");
        Objects.requireNonNull(maxDuration, "maxDuration");
        if (maxBytes <= 0 || maxBytes > MAX_SUPPORTED_BYTES) {
            throw new IllegalArgumentException("maxBytes must be in 1.." + MAX_SUPPORTED_BYTES);
        }
        if (writeLimitChars <= 0) {
            throw new IllegalArgumentException("writeLimitChars must be positive");
        }
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive");
        }
        if (maxDuration.compareTo(timeout) < 0) {
            throw new IllegalArgumentException("the longest parse (" + maxDuration
                    + ") must not be shorter than the parse timeout (" + timeout + ")");
        }
        if (maxEmbeddedDepth < 0) {
            throw new IllegalArgumentException("maxEmbeddedDepth must not be negative");
        }
    }
}
