package dev.docent.ingest.embed;

import java.util.List;

/** Port: turns text into vectors of {@link #dimension()} floats, L2-normalised. */
public interface Embedder {

    /** Stable model id stored with each collection, e.g. {@code bge-small-en-v1.5-q}. */
    String modelId();

    int dimension();

    /** Embeds passages for storage. */
    List<float[]> embedPassages(List<String> texts);

    /** Embeds a search query (some models want an instruction prefix for queries). */
    float[] embedQuery(String query);
}
