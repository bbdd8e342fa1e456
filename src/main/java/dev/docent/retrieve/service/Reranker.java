package dev.docent.retrieve.service;

import java.util.List;

/** Port: reorders retrieved candidates for a query, best first, each carrying the reranker's score. */
public interface Reranker {
    /** Stable name reported in metrics and docs, e.g. {@code features}. */
    String name();

    /**
     * The same candidates, best first, with {@link Candidate#score()} set to this reranker's score; or {@code
     * candidates} itself, the very list given, when it could not rerank them (its model or API failed): the search
     * then keeps the fused order and says so ({@code rerank.applied: false}).
     */
    List<Candidate> rerank(String query, List<Candidate> candidates);
}
