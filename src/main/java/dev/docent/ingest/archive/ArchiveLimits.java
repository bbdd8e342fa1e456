package dev.docent.ingest.archive;

/**
 * Bounds for expanding one archive.
 *
 * @param maxEntries most entries taken from one archive
 * @param maxCompressionRatio largest expanded/compressed ratio once more than {@code ratioFloorBytes} are expanded
 * @param ratioFloorBytes expanded bytes below which the ratio is not checked
 * @param maxExpandedBytes most bytes expanded in total
 * @param maxEntryBytes largest entry kept; larger entries fail with {@code too_large}
 */
public record ArchiveLimits(
        int maxEntries, int maxCompressionRatio, long ratioFloorBytes, long maxExpandedBytes, long maxEntryBytes) {}
