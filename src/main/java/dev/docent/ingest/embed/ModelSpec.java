package dev.docent.ingest.embed;

/**
 * What Docent needs to know about an embedding model.
 *
 * @param id stable id stored with collections and chunks, e.g. {@code bge-small-en-v1.5-q}, {@code openai:text-embedding-3-small}
 * @param dimension vector length
 * @param queryPrefix prepended to search queries (instruction-tuned models), may be empty
 * @param passagePrefix prepended to passages, may be empty
 * @param maxTokens most tokens of one input in the model's own tokenizer
 * @param tokenRatio upper bound of (model tokens / chunker tokens) for the same text: 1 when the model uses the
 *     chunker's WordPiece vocabulary, larger for a foreign tokenizer whose counts are only estimated
 * @param truncates the model silently embeds only the first {@code maxTokens} tokens of a longer input (instead of
 *     failing or covering all of it); such a model is usable with longer chunks, at a measured loss of quality
 */
public record ModelSpec(
        String id,
        int dimension,
        String queryPrefix,
        String passagePrefix,
        int maxTokens,
        double tokenRatio,
        boolean truncates) {

    /** Dimensions with a partial HNSW index (V8); other dimensions would be searched without an index. */
    public static final java.util.Set<Integer> INDEXED_DIMENSIONS = java.util.Set.of(384, 768, 1024, 1536);

    /** Whether a chunk of {@code chunkTokens} chunker tokens (plus up to 64 of title and headings) fits the model's input. */
    public boolean fits(int chunkTokens) {
        return Math.ceil((chunkTokens + 64) * tokenRatio) <= maxTokens;
    }
}
