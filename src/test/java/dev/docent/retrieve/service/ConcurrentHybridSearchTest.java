package dev.docent.retrieve.service;

import static org.assertj.core.api.Assertions.assertThat;

import dev.docent.ingest.embed.Embedder;
import dev.docent.retrieve.RetrievalFixture;
import dev.docent.retrieve.api.SearchFilters;
import dev.docent.retrieve.api.SearchMode;
import dev.docent.retrieve.config.RetrieveConfig;
import dev.docent.retrieve.store.ActiveModels;
import dev.docent.retrieve.store.PgKeywordRetriever;
import dev.docent.retrieve.store.PgVectorRetriever;
import dev.docent.testsupport.PostgresTestResource;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Hybrid search runs its BM25 statement concurrently with embedding + ANN. Whatever the interleaving, and with many
 * searches at once (more than the connection pool holds), each must return exactly what the sequential
 * composition returns: the dense list and the keyword list of its own query and filters, fused by RRF.
 */
@QuarkusTest
@QuarkusTestResource(value = PostgresTestResource.class, restrictToAnnotatedClass = false)
class ConcurrentHybridSearchTest {
    @Inject
    AgroalDataSource dataSource;

    @Inject
    Embedder embedder;

    @Inject
    SearchService search;

    @Inject
    PgVectorRetriever vector;

    @Inject
    PgKeywordRetriever keyword;

    @Inject
    ActiveModels activeModels;

    @Inject
    RetrieveConfig config;

    RetrievalFixture fixture;

    @BeforeEach
    void fixture() {
        fixture = RetrievalFixture.shared(dataSource, embedder);
    }

    private record Case(String query, SearchFilters filters) {}

    private List<Case> cases() {
        List<Case> cases = new ArrayList<>();
        SearchFilters alpha = new SearchFilters(null, null, Map.of("team", "alpha"), null, null);
        for (int i = 0; i < RetrievalFixture.TOPICS.length; i++) {
            cases.add(new Case(RetrievalFixture.TOPICS[i], i % 3 == 0 ? alpha : SearchFilters.NONE));
        }
        cases.add(new Case(RetrievalFixture.NEEDLE_QUERY, SearchFilters.NONE));
        cases.add(new Case(RetrievalFixture.TOPICS[0] + " penalty", alpha));
        return cases;
    }

    /** The same fusion, computed one statement after the other on this thread. */
    private List<Long> sequential(Case c, int pool, int topK) {
        String model = activeModels.of(fixture.collectionId).orElseThrow();
        List<RetrievedChunk> dense =
                vector.search(fixture.collectionId, vector.embed(model, c.query()), pool, c.filters());
        List<RetrievedChunk> sparse = keyword.retrieve(fixture.collectionId, c.query(), pool, c.filters());
        RetrieveConfig.Fusion f = config.fusion();
        return new ReciprocalRankFusion(f.k(), f.vectorWeight(), f.keywordWeight())
                .fuse(dense, sparse).stream()
                        .limit(topK)
                        .map(x -> x.toChunk().chunkId())
                        .toList();
    }

    private List<Long> hybrid(Case c, int topK) {
        return search.retrieve(fixture.collectionId, c.query(), topK, c.filters(), SearchMode.HYBRID, false).stream()
                .map(RetrievedChunk::chunkId)
                .toList();
    }

    @Test
    void concurrentHybridSearchesEachReturnTheirOwnSequentialResult() throws Exception {
        int topK = 10;
        int pool = Math.max(topK, config.fusion().pool()); // hybrid without rerank
        List<Case> cases = cases();
        Map<Case, List<Long>> expected = new java.util.HashMap<>();
        for (Case c : cases) {
            List<Long> ids = sequential(c, pool, topK);
            assertThat(ids).isNotEmpty();
            assertThat(hybrid(c, topK)).as(c.query()).isEqualTo(ids);
            expected.put(c, ids);
        }
        List<Case> work = new ArrayList<>();
        for (int round = 0; round < 6; round++) {
            work.addAll(cases);
        }
        Collections.shuffle(work, new Random(7));
        // 24 searches at a time, each needing two connections at once: more than the pool's 16
        try (ExecutorService clients = Executors.newFixedThreadPool(24)) {
            List<Future<List<Long>>> results = new ArrayList<>();
            for (Case c : work) {
                results.add(clients.submit((Callable<List<Long>>) () -> hybrid(c, topK)));
            }
            for (int i = 0; i < work.size(); i++) {
                assertThat(results.get(i).get()).as(work.get(i).query()).isEqualTo(expected.get(work.get(i)));
            }
        }
    }

    @Test
    void aFailingKeywordStatementFailsTheSearchAndLeavesNoConnectionBehind() {
        // PostgreSQL refuses a NUL character in to_tsvector: only the BM25 side fails, the embed + ANN side succeeds
        String poisoned = "ATP\u0000cell";
        for (int i = 0; i < 40; i++) { // more than the pool's 16 connections: a leaked one would block
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> search.retrieve(
                            fixture.collectionId, poisoned, 5, SearchFilters.NONE, SearchMode.HYBRID, false))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("keyword search failed");
        }
        assertThat(hybrid(new Case(RetrievalFixture.NEEDLE_QUERY, SearchFilters.NONE), 3))
                .isNotEmpty();
    }
}
