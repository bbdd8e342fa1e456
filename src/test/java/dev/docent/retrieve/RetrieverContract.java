package dev.docent.retrieve;

import static org.assertj.core.api.Assertions.assertThat;

import dev.docent.ingest.embed.Embedder;
import dev.docent.retrieve.api.SearchFilters;
import dev.docent.retrieve.service.RetrievedChunk;
import dev.docent.retrieve.service.Retriever;
import io.agroal.api.AgroalDataSource;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link Retriever} adapter promises, on real PostgreSQL with real embeddings: best first, at most
 * top-k, and filters applied inside the scan so that a filter matching 5% of the rows still fills the top-k.
 */
public abstract class RetrieverContract {
    @Inject
    protected AgroalDataSource dataSource;

    @Inject
    protected Embedder embedder;

    protected RetrievalFixture fixture;

    /** The adapter under test. */
    protected abstract Retriever retriever();

    /**
     * About topic 0 (no alpha document), with one word of topic 3 (every alpha document): unfiltered, the top-k is
     * all topic 0; a post-filter would leave nothing, a filter inside the scan finds the alpha chunks.
     */
    static final String MIXED = RetrievalFixture.TOPICS[0] + " penalty";

    private static String topicQuery(int i) {
        return RetrievalFixture.TOPICS[i];
    }

    @BeforeEach
    void fixture() {
        fixture = RetrievalFixture.shared(dataSource, embedder);
    }

    private List<RetrievedChunk> search(String q, int k, SearchFilters f) {
        return retriever().retrieve(fixture.collectionId, q, k, f);
    }

    @Test
    void returnsAtMostTopKBestFirst() {
        List<RetrievedChunk> hits = search(topicQuery(4), 7, SearchFilters.NONE);
        assertThat(hits).hasSize(7);
        for (int i = 1; i < hits.size(); i++) {
            assertThat(hits.get(i).score()).isLessThanOrEqualTo(hits.get(i - 1).score());
        }
        assertThat(hits).allSatisfy(h -> assertThat(h.text()).startsWith(RetrievalFixture.TOPICS[4]));
    }

    @Test
    void findsTheNeedle() {
        List<RetrievedChunk> hits = search(RetrievalFixture.NEEDLE_QUERY, 5, SearchFilters.NONE);
        assertThat(hits).isNotEmpty();
        assertThat(hits.get(0).documentId()).isEqualTo(fixture.needleDocument);
        assertThat(hits.get(0).documentTitle()).isEqualTo("Cell biology notes");
    }

    @Test
    void filterMatchingFivePercentOfRowsStillFillsTopK() {
        // 10 of 200 documents; the query is about a topic none of them has, so a post-filter would find nothing
        SearchFilters alpha = new SearchFilters(null, null, Map.of("team", "alpha"), null, null);
        assertThat(search(MIXED, 10, SearchFilters.NONE))
                .allSatisfy(h -> assertThat(fixture.isAlpha(h.documentId())).isFalse());
        List<RetrievedChunk> hits = search(MIXED, 10, alpha);
        assertThat(hits).hasSize(10);
        assertThat(hits)
                .allSatisfy(h -> assertThat(fixture.isAlpha(h.documentId())).isTrue());
    }

    @Test
    void filtersByMediaTypeAndDates() {
        SearchFilters pdf = new SearchFilters(null, List.of("application/pdf"), null, null, null);
        assertThat(search(MIXED, 10, pdf))
                .hasSize(10)
                .allSatisfy(h -> assertThat(fixture.isAlpha(h.documentId())).isTrue());
        SearchFilters old = new SearchFilters(null, null, null, null, Instant.parse("2021-01-01T00:00:00Z"));
        assertThat(search(MIXED, 10, old))
                .hasSize(10)
                .allSatisfy(h -> assertThat(fixture.isAlpha(h.documentId())).isTrue());
        SearchFilters recent = new SearchFilters(null, null, null, Instant.parse("2021-01-01T00:00:00Z"), null);
        assertThat(search(MIXED, 10, recent))
                .hasSize(10)
                .allSatisfy(h -> assertThat(fixture.isAlpha(h.documentId())).isFalse());
    }

    @Test
    void filtersByDocumentIdsAndCombinedFiltersAreAnded() {
        UUID one = fixture.documents.get(42); // topic 42 % 20 = 2
        List<RetrievedChunk> hits = search(topicQuery(2), 10, new SearchFilters(List.of(one), null, null, null, null));
        assertThat(hits).hasSize(RetrievalFixture.CHUNKS_PER_DOCUMENT);
        assertThat(hits).allSatisfy(h -> assertThat(h.documentId()).isEqualTo(one));

        SearchFilters none = new SearchFilters(List.of(one), List.of("application/pdf"), null, null, null);
        assertThat(search(topicQuery(2), 10, none)).isEmpty();
    }

    @Test
    void unknownCollectionHasNoHits() {
        assertThat(retriever().retrieve(UUID.randomUUID(), topicQuery(1), 5, SearchFilters.NONE))
                .isEmpty();
    }
}
