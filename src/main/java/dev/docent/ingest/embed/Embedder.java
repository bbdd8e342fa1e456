package dev.docent.ingest.embed;

import java.util.List;
import java.util.Optional;

/** Port: turns text into vectors of {@link #dimension()} floats, L2-normalised. */
public interface Embedder {

    /** Stable model id stored with each collection and chunk, e.g. {@code bge-small-en-v1.5-q}. */
    default String modelId() {
        return spec().id();
    }

    default int dimension() {
        return spec().dimension();
    }

    /** Id, dimension, prefixes and token limits of the model. */
    ModelSpec spec();

    /** Whether the model runs in this process (loaded at startup) rather than behind a remote endpoint. */
    default boolean inProcess() {
        return true;
    }

    /** Embeds passages for storage (one call; callers batch). */
    List<float[]> embedPassages(List<String> texts);

    /**
     * Embeds passages a request is waiting for (the extractive answerer's sentences): ahead of ingestion's batches
     * where the model queues its work, else as {@link #embedPassages}.
     */
    default List<float[]> embedPassagesPromptly(List<String> texts) {
        return embedPassages(texts);
    }

    /**
     * The vector {@link #embedQuery} gave {@code query} a moment ago, if this embedder keeps recent ones: an answer
     * reuses its own search's query vector. Never consulted by a search (each embeds its query afresh).
     */
    default Optional<float[]> recentQuery(String query) {
        return Optional.empty();
    }

    /** Embeds a search query (some models want an instruction prefix for queries). */
    float[] embedQuery(String query);
}
