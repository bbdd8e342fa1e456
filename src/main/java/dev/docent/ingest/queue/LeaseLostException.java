package dev.docent.ingest.queue;

import java.util.UUID;

/** The worker's lease on an item expired and another worker took it over (or the replica is shutting down). */
public class LeaseLostException extends RuntimeException {
    public LeaseLostException(UUID itemId) {
        super("lease lost on ingestion item " + itemId);
    }
}
