package dev.docent.retrieve.service;

/**
 * A chunk on its way through fusion and reranking, with what each retriever said about it.
 *
 * @param vectorScore cosine similarity when the dense retriever returned the chunk, else null
 * @param keywordScore keyword score (BM25) when the keyword retriever returned the chunk, else null
 * @param vectorRank 1-based rank in the dense list, 0 when absent
 * @param keywordRank 1-based rank in the keyword list, 0 when absent
 * @param score the score the list is currently ordered by (fused, then reranked)
 */
public record Candidate(
        RetrievedChunk chunk, Double vectorScore, Double keywordScore, int vectorRank, int keywordRank, double score) {

    public Candidate withScore(double newScore) {
        return new Candidate(chunk, vectorScore, keywordScore, vectorRank, keywordRank, newScore);
    }

    /** The chunk carrying the current score, and its cosine similarity when the dense retriever scored it. */
    public RetrievedChunk toChunk() {
        RetrievedChunk c = chunk;
        return new RetrievedChunk(
                c.chunkId(),
                c.documentId(),
                c.documentTitle(),
                c.ordinal(),
                c.text(),
                c.charStart(),
                c.charEnd(),
                c.pageStart(),
                c.pageEnd(),
                c.headingPath(),
                c.documentPageStarts(),
                c.tableHeader(),
                score,
                vectorScore);
    }
}
