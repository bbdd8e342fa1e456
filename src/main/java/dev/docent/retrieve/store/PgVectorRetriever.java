package dev.docent.retrieve.store;

import com.pgvector.PGvector;
import dev.docent.ingest.embed.Embedder;
import dev.docent.retrieve.api.SearchFilters;
import dev.docent.retrieve.service.RetrievedChunk;
import dev.docent.retrieve.service.Retriever;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/**
 * Dense retrieval with pgvector's HNSW index (cosine). The collection filter sits inside the ANN query and
 * iterative index scans keep a filtered top-k full; {@code hnsw.ef_search} is set per query with
 * {@code SET LOCAL}, so pooled connections are never left with changed settings.
 */
@ApplicationScoped
public class PgVectorRetriever implements Retriever {
    private static final String SQL = """
            SELECT c.id, c.document_id, d.title, c.ordinal, c.text, c.char_start, c.char_end,
                   c.page_start, c.page_end, c.heading_path, d.page_starts, 1 - c.distance AS score
            FROM (SELECT id, document_id, ordinal, text, char_start, char_end, page_start, page_end,
                         heading_path, embedding <=> ? AS distance
                  FROM chunk
                  WHERE collection_id = ?
                  ORDER BY embedding <=> ?
                  LIMIT ?) c
            JOIN document d ON d.id = c.document_id
            ORDER BY c.distance, c.id
            """;

    private final AgroalDataSource dataSource;
    private final Embedder embedder;

    PgVectorRetriever(AgroalDataSource dataSource, Embedder embedder) {
        this.dataSource = dataSource;
        this.embedder = embedder;
    }

    @Override
    public List<RetrievedChunk> retrieve(UUID collectionId, String query, int topK, SearchFilters filters) {
        PGvector vector = new PGvector(embedder.embedQuery(query));
        try (Connection conn = dataSource.getConnection()) {
            boolean autoCommit = conn.getAutoCommit();
            conn.setAutoCommit(false);
            try {
                List<RetrievedChunk> hits = search(conn, collectionId, vector, topK);
                conn.commit();
                return hits;
            } catch (SQLException e) {
                conn.rollback();
                throw e;
            } finally {
                conn.setAutoCommit(autoCommit);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("vector search failed", e);
        }
    }

    private static List<RetrievedChunk> search(Connection conn, UUID collectionId, PGvector vector, int topK)
            throws SQLException {
        try (Statement st = conn.createStatement()) {
            st.execute("SET LOCAL hnsw.ef_search = " + efSearch(topK));
            st.execute("SET LOCAL hnsw.iterative_scan = relaxed_order");
        }
        try (PreparedStatement ps = conn.prepareStatement(SQL)) {
            ps.setObject(1, vector);
            ps.setObject(2, collectionId);
            ps.setObject(3, vector);
            ps.setInt(4, topK);
            List<RetrievedChunk> hits = new ArrayList<>(topK);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    hits.add(map(rs));
                }
            }
            return hits;
        }
    }

    /** ef_search must be at least k; 40 is pgvector's default, 2k gives headroom for the filter. */
    static int efSearch(int topK) {
        return Math.min(1000, Math.max(40, 2 * topK));
    }

    private static RetrievedChunk map(ResultSet rs) throws SQLException {
        return new RetrievedChunk(
                rs.getLong(1),
                rs.getObject(2, UUID.class),
                rs.getString(3),
                rs.getInt(4),
                rs.getString(5),
                rs.getInt(6),
                rs.getInt(7),
                (Integer) rs.getObject(8),
                (Integer) rs.getObject(9),
                strings(rs.getArray(10)),
                ints(rs.getArray(11)),
                rs.getDouble(12));
    }

    private static List<String> strings(Array array) throws SQLException {
        return array == null ? List.of() : Arrays.asList((String[]) array.getArray());
    }

    private static List<Integer> ints(Array array) throws SQLException {
        return array == null ? List.of() : Arrays.asList((Integer[]) array.getArray());
    }
}
