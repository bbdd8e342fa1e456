package dev.docent.ingest.queue;

import java.util.List;

/** States of an ingestion item, in pipeline order. Terminal states are never left. */
public final class ItemState {
    public static final String QUEUED = "queued";
    public static final String PARSING = "parsing";
    public static final String CHUNKING = "chunking";
    public static final String EMBEDDING = "embedding";
    public static final String INDEXING = "indexing";
    public static final String SUCCEEDED = "succeeded";
    public static final String FAILED = "failed";
    /** An archive whose entries were enqueued as items of their own. */
    public static final String EXPANDED = "expanded";

    /** Open states, least advanced first. */
    public static final List<String> OPEN = List.of(QUEUED, PARSING, CHUNKING, EMBEDDING, INDEXING);

    private ItemState() {}

    public static boolean terminal(String state) {
        return !OPEN.contains(state);
    }
}
