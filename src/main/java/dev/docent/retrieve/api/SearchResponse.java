package dev.docent.retrieve.api;

import java.util.List;

/**
 * Search results, best first.
 *
 * @param rerank which reranker ordered the hits, and whether it could ({@code applied: false}: its model or API
 *     failed and the hits keep the fused order); {@code null} when the search was not reranked
 */
public record SearchResponse(String query, List<SearchHit> hits, Rerank rerank) {

    /** The reranking a search asked for: the reranker's name and whether its order was applied. */
    public record Rerank(String reranker, boolean applied) {}
}
