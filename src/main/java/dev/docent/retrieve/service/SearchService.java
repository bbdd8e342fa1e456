package dev.docent.retrieve.service;

import dev.docent.ingest.service.CollectionService;
import dev.docent.retrieve.api.SearchFilters;
import dev.docent.retrieve.api.SearchHit;
import dev.docent.retrieve.api.SearchRequest;
import dev.docent.retrieve.api.SearchResponse;
import io.micrometer.core.annotation.Timed;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.UUID;

/** Search over one collection. */
@ApplicationScoped
public class SearchService {
    private final CollectionService collections;
    private final Retriever retriever;

    SearchService(CollectionService collections, Retriever retriever) {
        this.collections = collections;
        this.retriever = retriever;
    }

    @Timed(value = "docent.search", description = "Time to answer a search request")
    public SearchResponse search(UUID collectionId, SearchRequest request) {
        return new SearchResponse(
                request.query(),
                retrieve(collectionId, request.query(), request.topKOrDefault()).stream()
                        .map(SearchService::toHit)
                        .toList());
    }

    /** Retrieval for other capabilities: checks the collection exists, then retrieves. */
    public List<RetrievedChunk> retrieve(UUID collectionId, String query, int topK) {
        return retrieve(collectionId, query, topK, SearchFilters.NONE);
    }

    /** Retrieval for other capabilities, restricted by {@code filters}. */
    public List<RetrievedChunk> retrieve(UUID collectionId, String query, int topK, SearchFilters filters) {
        collections.require(collectionId);
        return retriever.retrieve(collectionId, query, topK, filters);
    }

    private static SearchHit toHit(RetrievedChunk c) {
        return new SearchHit(
                c.chunkId(),
                c.documentId(),
                c.documentTitle(),
                c.pageStart(),
                c.pageEnd(),
                c.charStart(),
                c.charEnd(),
                c.headingPath(),
                c.text(),
                c.score());
    }
}
