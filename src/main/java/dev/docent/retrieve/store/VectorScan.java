package dev.docent.retrieve.store;

/**
 * How a dense search reads the vectors: walking the HNSW graph shared by every collection of that dimension, or an
 * exact scan of the collection's own chunks. Filtering one collection out of a shared graph costs in proportion to
 * the share of the graph that is not that collection: pgvector's iterative scan keeps walking the graph, and the
 * walk grows as the collection's share shrinks. A small collection next to a large one paid 55-75 ms for a top 50
 * that an exact scan of its chunks returns, exactly, in 2-10 ms (ADR 0042, docs/retrieval.md).
 */
public enum VectorScan {
    HNSW,
    EXACT;

    /**
     * When a search reads a collection exactly: when it has at most {@code maxChunks} chunks and they are less than
     * {@code maxShare} of the chunks in the HNSW index of their dimension. {@link #NEVER_EXACT} keeps every search on
     * the index.
     */
    public record Policy(int maxChunks, double maxShare) {
        public static final Policy NEVER_EXACT = new Policy(0, 0);

        /** Does this policy ever choose an exact scan? */
        public boolean allowsExact() {
            return maxChunks > 0 && maxShare > 0;
        }

        /**
         * The scan for a collection of {@code chunks} chunks whose dimension's HNSW index holds {@code indexed}
         * entries ({@code null} when there is no index for that dimension, {@code <= 0} when the planner has not
         * counted them yet); {@code inline}: every vector of the collection is stored in its row (V15). An uncounted
         * index keeps the search on the graph, as before this choice existed: on a fresh database the collection is
         * most likely all of it. Out-of-line vectors keep it there too: reading them exactly cost 4x more (V14).
         */
        public VectorScan choose(long chunks, Double indexed, boolean inline) {
            if (indexed == null) {
                return EXACT; // no index of this dimension: the ANN statement would read every row anyway
            }
            if (!allowsExact() || !inline || indexed <= 0 || chunks > maxChunks) {
                return HNSW;
            }
            return chunks < maxShare * indexed ? EXACT : HNSW;
        }
    }
}
