package dev.docent.retrieve.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.pgvector.PGvector;
import dev.docent.ingest.embed.onnx.Vectors;
import dev.docent.retrieve.RetrievalFixture;
import dev.docent.retrieve.RetrieverContract;
import dev.docent.retrieve.api.SearchFilters;
import dev.docent.retrieve.service.RetrievedChunk;
import dev.docent.retrieve.service.Retriever;
import dev.docent.testsupport.PostgresTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The retriever contract with the configured scan choice, and that choice itself (ADR 0042). */
@QuarkusTest
@QuarkusTestResource(value = PostgresTestResource.class, restrictToAnnotatedClass = false)
class PgVectorRetrieverTest extends RetrieverContract {
    private static final int FIXTURE_CHUNKS = RetrievalFixture.DOCUMENTS * RetrievalFixture.CHUNKS_PER_DOCUMENT + 1;

    @Inject
    PgVectorRetriever vector;

    @Override
    protected Retriever retriever() {
        return vector;
    }

    @Test
    void efSearchFollowsTheCandidateCount() {
        assertThat(PgVectorRetriever.efSearch(10, 1.0, 40)).isEqualTo(40);
        assertThat(PgVectorRetriever.efSearch(100, 1.0, 40)).isEqualTo(100);
        assertThat(PgVectorRetriever.efSearch(100, 2.0, 40)).isEqualTo(200);
        assertThat(PgVectorRetriever.efSearch(5000, 1.0, 40)).isEqualTo(1000);
    }

    @Test
    void theScanFollowsTheCollectionsChunkCountAndItsIndexsEntries() throws SQLException {
        try (Connection conn = dataSource.getConnection()) {
            try (Statement st = conn.createStatement()) {
                st.execute("ANALYZE chunk"); // the planner's count of the index's entries, as autovacuum keeps it
            }
            UUID c = fixture.collectionId;
            double anyShare = 1e9;
            assertThat(scan(conn, c, 384, new VectorScan.Policy(FIXTURE_CHUNKS, anyShare)))
                    .as("the chunk count is the collection's, read from its BM25 statistics")
                    .isEqualTo(VectorScan.EXACT);
            assertThat(scan(conn, c, 384, new VectorScan.Policy(FIXTURE_CHUNKS - 1, anyShare)))
                    .isEqualTo(VectorScan.HNSW);
            assertThat(scan(conn, c, 384, new VectorScan.Policy(Integer.MAX_VALUE, 1e-9)))
                    .as("the 384-dimension index exists and holds at least the fixture")
                    .isEqualTo(VectorScan.HNSW);
            assertThat(scan(conn, c, 999, new VectorScan.Policy(Integer.MAX_VALUE, 1e-9)))
                    .as("no index for 999 dimensions")
                    .isEqualTo(VectorScan.EXACT);
            assertThat(scan(conn, c, 384, VectorScan.Policy.NEVER_EXACT)).isEqualTo(VectorScan.HNSW);
        }
    }

    @Test
    void aCollectionWhoseVectorsMayBeOutOfLineKeepsTheHnswRead() throws SQLException {
        try (Connection conn = dataSource.getConnection()) {
            UUID c = fixture.collectionId;
            VectorScan.Policy exactIfInline = new VectorScan.Policy(Integer.MAX_VALUE, 1e9);
            try (Statement st = conn.createStatement()) {
                st.execute("ANALYZE chunk");
            }
            assertThat(inline(conn, c)).as("a collection created after V15").isTrue();
            assertThat(scan(conn, c, 384, exactIfInline)).isEqualTo(VectorScan.EXACT);
            conn.setAutoCommit(false);
            try (Statement st = conn.createStatement()) {
                // as V15 leaves a collection that existed before V14
                st.execute("UPDATE collection SET vectors_inline = false WHERE id = '" + c + "'");
                assertThat(PgVectorRetriever.prepare(conn, c, 384, 40, 1000, exactIfInline))
                        .isEqualTo(VectorScan.HNSW);
            } finally {
                conn.rollback();
                conn.setAutoCommit(true);
            }
        }
    }

    @Test
    void anExactReadReturnsTheTrueNearestChunksInOrder() throws SQLException {
        float[] q = embedder.embedQuery(RetrievalFixture.TOPICS[2] + " and " + RetrievalFixture.TOPICS[5]);
        List<Long> expected = bruteForce(fixture.collectionId, q, 25);
        List<RetrievedChunk> hits = vector.search(
                fixture.collectionId,
                new PgVectorRetriever.QueryVector(embedder.modelId(), q),
                25,
                SearchFilters.NONE,
                VectorScan.EXACT);
        assertThat(hits).extracting(RetrievedChunk::chunkId).containsExactlyElementsOf(expected);
        for (int i = 1; i < hits.size(); i++) {
            assertThat(hits.get(i).score()).isLessThanOrEqualTo(hits.get(i - 1).score());
        }
    }

    @Test
    void aFilteredWalkThatComesBackShortIsReadAgainExactly() throws SQLException {
        UUID c = fixture.collectionId;
        SearchFilters onlyNeedle = new SearchFilters(List.of(fixture.needleDocument), null, null, null, null);
        PGvector q = new PGvector(embedder.embedQuery(RetrievalFixture.TOPICS[0]));
        try (Connection conn = dataSource.getConnection()) {
            conn.setAutoCommit(false);
            try {
                try (Statement st = conn.createStatement()) {
                    // the plan that walks the graph, as for a filter the planner takes for a broad one
                    st.execute("SET LOCAL enable_seqscan = off");
                    st.execute("SET LOCAL enable_bitmapscan = off");
                    st.execute("SET LOCAL enable_sort = off");
                }
                // a walk that stops after the first candidates: the needle is not among a topic's nearest chunks
                PgVectorRetriever.prepare(conn, c, 384, 10, 1, VectorScan.Policy.NEVER_EXACT);
                assertThat(PgVectorRetriever.query(conn, c, embedder.modelId(), q, 5, onlyNeedle, VectorScan.HNSW))
                        .as("the walk alone comes back short")
                        .isEmpty();

                PgVectorRetriever.Read read =
                        PgVectorRetriever.read(conn, c, embedder.modelId(), q, 5, onlyNeedle, VectorScan.HNSW);

                assertThat(read.scan()).isEqualTo(VectorScan.EXACT);
                assertThat(read.hits()).extracting(RetrievedChunk::documentId).containsExactly(fixture.needleDocument);
            } finally {
                conn.rollback();
                conn.setAutoCommit(true);
            }
        }
    }

    @Test
    void theExactStatementCannotUseTheHnswIndex() throws SQLException {
        try (Connection conn = dataSource.getConnection()) {
            conn.setAutoCommit(false);
            try (Statement st = conn.createStatement()) {
                // the settings under which the ANN statement takes the index (ReEmbeddingTest)
                st.execute("SET LOCAL enable_seqscan = off");
                st.execute("SET LOCAL enable_bitmapscan = off");
                st.execute("SET LOCAL enable_sort = off");
            }
            float[] q = embedder.embedQuery("anything");
            StringBuilder plan = new StringBuilder();
            try (PreparedStatement ps = conn.prepareStatement("EXPLAIN " + PgVectorRetriever.exactSql(384, "TRUE"))) {
                ps.setObject(1, new PGvector(q));
                ps.setObject(2, fixture.collectionId);
                ps.setString(3, embedder.modelId());
                ps.setInt(4, 10);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        plan.append(rs.getString(1)).append('\n');
                    }
                }
            }
            conn.rollback();
            assertThat(plan.toString()).doesNotContain("hnsw").contains("Sort");
        }
    }

    @Test
    void vectorsAreStoredInlineWithTheRow() throws SQLException {
        try (Connection conn = dataSource.getConnection();
                Statement st = conn.createStatement();
                ResultSet rs = st.executeQuery("SELECT attstorage FROM pg_attribute"
                        + " WHERE attrelid = 'chunk'::regclass AND attname = 'embedding'")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isEqualTo("m");
        }
    }

    static boolean inline(Connection conn, UUID collection) throws SQLException {
        try (Statement st = conn.createStatement();
                ResultSet rs =
                        st.executeQuery("SELECT vectors_inline FROM collection WHERE id = '" + collection + "'")) {
            assertThat(rs.next()).isTrue();
            return rs.getBoolean(1);
        }
    }

    private static VectorScan scan(Connection conn, UUID collection, int dimension, VectorScan.Policy policy)
            throws SQLException {
        conn.setAutoCommit(false);
        try {
            return PgVectorRetriever.prepare(conn, collection, dimension, 40, 1000, policy);
        } finally {
            conn.rollback();
            conn.setAutoCommit(true);
        }
    }

    /** The collection's {@code k} nearest chunks by cosine distance computed here, ties by id. */
    private List<Long> bruteForce(UUID collection, float[] q, int k) throws SQLException {
        record Scored(long id, double distance) {}
        List<Scored> all = new ArrayList<>();
        try (Connection conn = dataSource.getConnection();
                PreparedStatement ps =
                        conn.prepareStatement("SELECT id, embedding FROM chunk WHERE collection_id = ?")) {
            ps.setObject(1, collection);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    float[] v = new PGvector(rs.getString(2)).toArray();
                    all.add(new Scored(rs.getLong(1), 1 - Vectors.cosine(q, v)));
                }
            }
        }
        assertThat(all).hasSize(FIXTURE_CHUNKS);
        return all.stream()
                .sorted(Comparator.comparingDouble(Scored::distance).thenComparingLong(Scored::id))
                .limit(k)
                .map(Scored::id)
                .toList();
    }
}
