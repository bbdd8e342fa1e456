package dev.docent.ingest.queue;

import java.util.UUID;

/**
 * The worker no longer holds an item: its lease expired and another worker took it over, the replica is shutting
 * down, or the item was deleted with its collection.
 */
public class LeaseLostException extends RuntimeException {
    public LeaseLostException(UUID itemId) {
        super("ingestion item " + itemId + " is no longer held by this worker: its lease was retaken, or it was"
                + " deleted with its collection");
    }
}
