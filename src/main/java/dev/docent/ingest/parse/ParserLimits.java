package dev.docent.ingest.parse;

import java.time.Duration;
import java.util.Objects;

/**
 * Resource limits applied to every parse.
 *
 * @param maxBytes largest accepted input in bytes; larger inputs fail with {@code too_large}
 * @param writeLimitChars maximum number of characters of text kept; longer documents are truncated (not
 *     rejected) and marked with metadata {@code truncated=true}
 * @param timeout wall-clock budget for one parse (including any wait for a free parser thread)
 * @param maxEmbeddedDepth how deep embedded documents (attachments, embedded files) are parsed; 0 = not at
 *     all, 1 = attachments of the document itself, 2 = also attachments of attachments, ...
 */
public record ParserLimits(long maxBytes, int writeLimitChars, Duration timeout, int maxEmbeddedDepth) {

    /** Largest value of {@link #maxBytes()}: the whole input is held in one byte array. */
    public static final long MAX_SUPPORTED_BYTES = Integer.MAX_VALUE - 16L;

    public ParserLimits {
        Objects.requireNonNull(timeout, "timeout");
        if (maxBytes <= 0 || maxBytes > MAX_SUPPORTED_BYTES) {
            throw new IllegalArgumentException("maxBytes must be in 1.." + MAX_SUPPORTED_BYTES);
        }
        if (writeLimitChars <= 0) {
            throw new IllegalArgumentException("writeLimitChars must be positive");
        }
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive");
        }
        if (maxEmbeddedDepth < 0) {
            throw new IllegalArgumentException("maxEmbeddedDepth must not be negative");
        }
    }
}
