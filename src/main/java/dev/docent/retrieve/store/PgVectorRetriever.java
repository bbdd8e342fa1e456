package dev.docent.retrieve.store;

import com.pgvector.PGvector;
import dev.docent.ingest.embed.EmbeddingModels;
import dev.docent.retrieve.api.SearchFilters;
import dev.docent.retrieve.config.RetrieveConfig;
import dev.docent.retrieve.service.RetrieveMetrics;
import dev.docent.retrieve.service.RetrievedChunk;
import dev.docent.retrieve.service.Retriever;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * Dense retrieval with pgvector (cosine). The collection and document filters sit inside the statement that reads the
 * vectors. A collection that is a small part of the HNSW graph of its dimension is read exactly ({@link VectorScan}):
 * its chunks through the collection index, sorted by distance. Otherwise the HNSW index is walked and iterative index
 * scans ({@code relaxed_order}) keep a filtered top-k full; the outer query restores exact distance order.
 * {@code hnsw.ef_search} is set per query from the candidate count with {@code SET LOCAL}, so pooled connections are
 * never left with changed settings. Vectors of every dimension share one column with one partial HNSW index per
 * dimension (V8): the ANN statement repeats that index's cast and {@code vector_dims} predicate (as literals, so even
 * a generic plan matches it) and keeps to the collection's active model; the exact statement leaves the cast out, so
 * no plan can use the index for it.
 */
@ApplicationScoped
public class PgVectorRetriever implements Retriever {
    /**
     * The dense statement: {@code %1$d} the dimension, {@code %2$s} the filter condition, {@code %3$s} the distance
     * of a chunk's vector, {@code %4$s} the inner order.
     */
    private static final String TEMPLATE = "SELECT " + ChunkRows.COLUMNS + ", 1 - c.distance AS score\n"
            + "FROM (SELECT c.id, c.document_id, c.ordinal, c.text, c.char_start, c.char_end, c.page_start,\n"
            + "             c.page_end, c.heading_path, c.table_header, %3$s AS distance\n"
            + "      FROM chunk c\n"
            + "      WHERE c.collection_id = ? AND vector_dims(c.embedding) = %1$d AND c.embedding_model = ? AND %2$s\n"
            + "      ORDER BY %4$s\n"
            + "      LIMIT ?) c\n"
            + "JOIN document d ON d.id = c.document_id\n"
            + "ORDER BY c.distance, c.id";

    /** Ordered by the HNSW index's own expression, so the index scan returns the rows. */
    private static final String INDEXED = "c.embedding::vector(%1$d) <=> ?";

    /** No cast: the index on {@code embedding::vector(d)} cannot order these rows, they are read and sorted. */
    private static final String UNINDEXED = "c.embedding <=> ?";

    private final AgroalDataSource dataSource;
    private final EmbeddingModels models;
    private final ActiveModels activeModels;
    private final RetrieveConfig config;
    private final RetrieveMetrics metrics;

    PgVectorRetriever(
            AgroalDataSource dataSource,
            EmbeddingModels models,
            ActiveModels activeModels,
            RetrieveConfig config,
            RetrieveMetrics metrics) {
        this.dataSource = dataSource;
        this.models = models;
        this.activeModels = activeModels;
        this.config = config;
        this.metrics = metrics;
    }

    @Override
    public List<RetrievedChunk> retrieve(UUID collectionId, String query, int topK, SearchFilters filters) {
        String model = activeModels.of(collectionId).orElseGet(models::defaultModelId);
        return search(collectionId, embed(model, query), topK, filters);
    }

    /** A query embedded by the model whose vectors it is compared with. */
    public record QueryVector(String model, float[] vector) {}

    /**
     * The query embedded with {@code model}, the collection's active model ({@link ActiveModels}), timed as stage
     * {@code embed}.
     */
    public QueryVector embed(String model, String query) {
        return metrics.time(
                "embed",
                () -> new QueryVector(model, models.forStoredModel(model).embedQuery(query)));
    }

    /**
     * This retriever with every search read by {@code scan}, whatever the collection's size (the contract tests run
     * both statements; the query benchmark measures the index's recall).
     */
    public Retriever using(VectorScan scan) {
        return (collectionId, query, topK, filters) -> {
            String model = activeModels.of(collectionId).orElseGet(models::defaultModelId);
            return search(collectionId, embed(model, query), topK, filters, scan);
        };
    }

    /** The {@code limit} nearest chunks to {@code vector} matching {@code filters} (timed as stage {@code ann}). */
    public List<RetrievedChunk> search(UUID collectionId, QueryVector vector, int limit, SearchFilters filters) {
        return search(collectionId, vector, limit, filters, null);
    }

    /** {@code forced}: the scan to use whatever the collection's size, or {@code null} to choose by the policy. */
    List<RetrievedChunk> search(
            UUID collectionId, QueryVector vector, int limit, SearchFilters filters, VectorScan forced) {
        return metrics.time("ann", () -> {
            try (Connection conn = dataSource.getConnection()) {
                return inTransaction(conn, collectionId, vector, limit, filters, forced);
            } catch (SQLException e) {
                throw new IllegalStateException("vector search failed", e);
            }
        });
    }

    private List<RetrievedChunk> inTransaction(
            Connection conn, UUID collectionId, QueryVector vector, int limit, SearchFilters filters, VectorScan forced)
            throws SQLException {
        boolean autoCommit = conn.getAutoCommit();
        conn.setAutoCommit(false);
        try {
            RetrieveConfig.Vector v = config.vector();
            PGvector pgVector = new PGvector(vector.vector());
            VectorScan.Policy policy = forced == null
                    ? new VectorScan.Policy(v.exactMaxChunks(), v.exactMaxShare())
                    : VectorScan.Policy.NEVER_EXACT;
            VectorScan chosen = prepare(
                    conn,
                    collectionId,
                    vector.vector().length,
                    efSearch(limit, v.efSearchFactor(), v.minEfSearch()),
                    Math.max(1000, v.maxScanTuples()),
                    policy);
            Read read = forced == null
                    ? read(conn, collectionId, vector.model(), pgVector, limit, filters, chosen)
                    : new Read(query(conn, collectionId, vector.model(), pgVector, limit, filters, forced), forced);
            metrics.scanned(read.scan().name().toLowerCase(Locale.ROOT));
            conn.commit();
            return read.hits();
        } catch (SQLException e) {
            conn.rollback();
            throw e;
        } finally {
            conn.setAutoCommit(autoCommit);
        }
    }

    /**
     * Starts a dense search inside the caller's transaction: sets the HNSW parameters and, when {@code policy} allows
     * an exact scan, reads in the same round trip the collection's chunk count (kept by the BM25 triggers, V3), the
     * entries of its dimension's HNSW index (the planner's count) and whether its vectors are all inline (V15), then
     * chooses the scan. Public, like {@link #query}, so the query benchmark times exactly what the service runs.
     */
    public static VectorScan prepare(
            Connection conn,
            UUID collectionId,
            int dimension,
            int efSearch,
            int maxScanTuples,
            VectorScan.Policy policy)
            throws SQLException {
        // integers and a UUID only, so nothing to escape
        String settings = "SET LOCAL hnsw.ef_search = " + efSearch + ";"
                + " SET LOCAL hnsw.iterative_scan = relaxed_order;"
                + " SET LOCAL hnsw.max_scan_tuples = " + maxScanTuples;
        try (Statement st = conn.createStatement()) {
            if (!policy.allowsExact()) {
                st.execute(settings); // one round trip, which also carries the transaction's BEGIN
                return VectorScan.HNSW;
            }
            boolean result = st.execute(settings + ";"
                    + " SELECT (SELECT coalesce(sum(chunk_count), 0) FROM collection_term_stats"
                    + "         WHERE collection_id = '" + collectionId + "'),"
                    + " (SELECT reltuples FROM pg_class WHERE oid = to_regclass('chunk_embedding_" + dimension
                    + "_hnsw_idx')),"
                    + " coalesce((SELECT vectors_inline FROM collection WHERE id = '" + collectionId + "'), false)");
            while (!result && st.getUpdateCount() != -1) {
                result = st.getMoreResults();
            }
            try (ResultSet rs = st.getResultSet()) {
                rs.next();
                long chunks = rs.getLong(1);
                double indexed = rs.getDouble(2);
                Double counted = rs.wasNull() ? null : indexed;
                return policy.choose(chunks, counted, rs.getBoolean(3));
            }
        }
    }

    /** The hits of a dense read and the scan that produced them. */
    public record Read(List<RetrievedChunk> hits, VectorScan scan) {}

    /**
     * {@link #query} by {@code scan}; a filtered HNSW read that comes back with fewer than {@code limit} hits is read
     * again exactly. The walk stops after {@code hnsw.max_scan_tuples}, so a filter more selective than the planner
     * expected can leave it short while matching chunks exist; the exact statement finds every one of them.
     */
    public static Read read(
            Connection conn,
            UUID collectionId,
            String model,
            PGvector vector,
            int limit,
            SearchFilters filters,
            VectorScan scan)
            throws SQLException {
        List<RetrievedChunk> hits = query(conn, collectionId, model, vector, limit, filters, scan);
        boolean filtered = SqlFilters.restricts(filters);
        if (scan == VectorScan.HNSW && filtered && hits.size() < limit) {
            return new Read(
                    query(conn, collectionId, model, vector, limit, filters, VectorScan.EXACT), VectorScan.EXACT);
        }
        return new Read(hits, scan);
    }

    /**
     * The dense statement itself, read by {@code scan}, inside the transaction {@link #prepare} started (public so the
     * query benchmark times exactly what the service runs).
     */
    public static List<RetrievedChunk> query(
            Connection conn,
            UUID collectionId,
            String model,
            PGvector vector,
            int limit,
            SearchFilters filters,
            VectorScan scan)
            throws SQLException {
        SqlFilters where = SqlFilters.of(filters, "c");
        int dimension = vector.toArray().length;
        String sql =
                scan == VectorScan.EXACT ? exactSql(dimension, where.condition()) : sql(dimension, where.condition());
        try (PreparedStatement ps = conn.prepareStatement(sql)) {
            int i = 1;
            ps.setObject(i++, vector);
            ps.setObject(i++, collectionId);
            ps.setString(i++, model);
            i = where.bind(conn, ps, i);
            if (scan == VectorScan.HNSW) {
                ps.setObject(i++, vector);
            }
            ps.setInt(i, limit);
            List<RetrievedChunk> hits = new ArrayList<>(limit);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    hits.add(ChunkRows.map(rs));
                }
            }
            return hits;
        }
    }

    /**
     * The ANN statement for vectors of {@code dimension} with the filter {@code condition}; parameters: vector,
     * collection, model, the condition's, vector, limit.
     */
    public static String sql(int dimension, String condition) {
        return TEMPLATE.formatted(dimension, condition, INDEXED.formatted(dimension), INDEXED.formatted(dimension));
    }

    /**
     * The exact statement for vectors of {@code dimension} with the filter {@code condition}; parameters: vector,
     * collection, model, the condition's, limit.
     */
    public static String exactSql(int dimension, String condition) {
        return TEMPLATE.formatted(dimension, condition, UNINDEXED, "distance, c.id");
    }

    /** ef_search from the number of candidates wanted: at least k and the configured floor, at most 1000. */
    public static int efSearch(int limit, double factor, int floor) {
        return Math.min(1000, Math.max(Math.max(floor, limit), (int) Math.ceil(factor * limit)));
    }
}
