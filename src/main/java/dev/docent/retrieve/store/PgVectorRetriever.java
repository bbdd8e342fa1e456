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
import java.util.UUID;

/**
 * Dense retrieval with pgvector's HNSW index (cosine). The collection and document filters sit inside the ANN
 * query and iterative index scans ({@code relaxed_order}) keep a filtered top-k full; the outer query restores
 * exact distance order. {@code hnsw.ef_search} is set per query from the candidate count with {@code SET LOCAL},
 * so pooled connections are never left with changed settings. Vectors of every dimension share one column with one
 * partial HNSW index per dimension (V8): the statement repeats that index's cast and {@code vector_dims} predicate
 * (as literals, so even a generic plan matches it) and keeps to the collection's active model.
 */
@ApplicationScoped
public class PgVectorRetriever implements Retriever {
    private static final String SQL = "SELECT " + ChunkRows.COLUMNS + ", 1 - c.distance AS score\n"
            + "FROM (SELECT c.id, c.document_id, c.ordinal, c.text, c.char_start, c.char_end, c.page_start,\n"
            + "             c.page_end, c.heading_path, c.embedding::vector(%1$d) <=> ? AS distance\n"
            + "      FROM chunk c\n"
            + "      WHERE c.collection_id = ? AND vector_dims(c.embedding) = %1$d AND c.embedding_model = ? AND %2$s\n"
            + "      ORDER BY c.embedding::vector(%1$d) <=> ?\n"
            + "      LIMIT ?) c\n"
            + "JOIN document d ON d.id = c.document_id\n"
            + "ORDER BY c.distance, c.id";

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
                "embed", () -> new QueryVector(model, models.forModel(model).embedQuery(query)));
    }

    /** The {@code limit} nearest chunks to {@code vector} matching {@code filters} (timed as stage {@code ann}). */
    public List<RetrievedChunk> search(UUID collectionId, QueryVector vector, int limit, SearchFilters filters) {
        return metrics.time("ann", () -> {
            try (Connection conn = dataSource.getConnection()) {
                return inTransaction(conn, collectionId, vector, limit, filters);
            } catch (SQLException e) {
                throw new IllegalStateException("vector search failed", e);
            }
        });
    }

    private List<RetrievedChunk> inTransaction(
            Connection conn, UUID collectionId, QueryVector vector, int limit, SearchFilters filters)
            throws SQLException {
        boolean autoCommit = conn.getAutoCommit();
        conn.setAutoCommit(false);
        try {
            List<RetrievedChunk> hits = query(conn, collectionId, vector, limit, filters);
            conn.commit();
            return hits;
        } catch (SQLException e) {
            conn.rollback();
            throw e;
        } finally {
            conn.setAutoCommit(autoCommit);
        }
    }

    private List<RetrievedChunk> query(
            Connection conn, UUID collectionId, QueryVector vector, int limit, SearchFilters filters)
            throws SQLException {
        RetrieveConfig.Vector v = config.vector();
        return query(
                conn,
                collectionId,
                vector.model(),
                new PGvector(vector.vector()),
                limit,
                filters,
                efSearch(limit, v.efSearchFactor(), v.minEfSearch()),
                Math.max(1000, v.maxScanTuples()));
    }

    /**
     * The ANN statement itself, inside the caller's transaction (public so the query benchmark times exactly what
     * the service runs).
     */
    public static List<RetrievedChunk> query(
            Connection conn,
            UUID collectionId,
            String model,
            PGvector vector,
            int limit,
            SearchFilters filters,
            int efSearch,
            int maxScanTuples)
            throws SQLException {
        try (Statement st = conn.createStatement()) {
            // one round trip (it also carries the transaction's BEGIN); integers only, so nothing to escape
            st.execute("SET LOCAL hnsw.ef_search = " + efSearch + ";"
                    + " SET LOCAL hnsw.iterative_scan = relaxed_order;"
                    + " SET LOCAL hnsw.max_scan_tuples = " + maxScanTuples);
        }
        SqlFilters where = SqlFilters.of(filters, "c.document_id");
        int dimension = vector.toArray().length;
        try (PreparedStatement ps = conn.prepareStatement(sql(dimension, where.condition()))) {
            int i = 1;
            ps.setObject(i++, vector);
            ps.setObject(i++, collectionId);
            ps.setString(i++, model);
            i = where.bind(conn, ps, i);
            ps.setObject(i++, vector);
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
        return SQL.formatted(dimension, condition);
    }

    /** ef_search from the number of candidates wanted: at least k and the configured floor, at most 1000. */
    public static int efSearch(int limit, double factor, int floor) {
        return Math.min(1000, Math.max(Math.max(floor, limit), (int) Math.ceil(factor * limit)));
    }
}
