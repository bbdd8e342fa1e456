package dev.docent.retrieve.service;

import dev.docent.retrieve.RetrieverContract;
import dev.docent.retrieve.api.SearchMode;
import dev.docent.testsupport.PostgresTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;

/** Hybrid search with the default reranker, held to the same contract as each retriever. */
@QuarkusTest
@QuarkusTestResource(value = PostgresTestResource.class, restrictToAnnotatedClass = false)
class HybridSearchTest extends RetrieverContract {
    @Inject
    SearchService search;

    @Override
    protected Retriever retriever() {
        return (collectionId, query, topK, filters) -> {
            if (!collectionExists(collectionId)) {
                return java.util.List.of();
            }
            return search.retrieve(collectionId, query, topK, filters, SearchMode.HYBRID, true);
        };
    }

    private boolean collectionExists(java.util.UUID id) {
        return id.equals(fixture.collectionId);
    }
}
