package dev.docent.retrieve.store;

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
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Keyword retrieval in PostgreSQL. The default scorer is Okapi BM25 (Lucene's formula: idf = ln(1 + (N - df + 0.5) /
 * (df + 0.5)), saturation k1, length normalisation b) over the {@code chunk_term} postings that triggers keep in
 * step with {@code chunk}; df is counted from the postings, N and the average length come from the sharded
 * {@code collection_term_stats}. The query's lexemes are OR-ed, so a chunk needs only one of them to be a
 * candidate. {@code ts-rank-cd} (PostgreSQL's cover density) is kept behind config for comparison.
 */
@ApplicationScoped
public class PgKeywordRetriever implements Retriever {
    private static final String BM25 = """
            WITH q AS (
                SELECT t.lexeme, coalesce(array_length(t.positions, 1), 1) AS qtf
                FROM unnest(to_tsvector(CAST(? AS regconfig), ?)) t),
            totals AS (
                SELECT greatest(sum(chunk_count), 1)::float8 AS n,
                       greatest(sum(total_length), 1)::float8 / greatest(sum(chunk_count), 1) AS avgdl
                FROM collection_term_stats WHERE collection_id = ?),
            w AS (
                SELECT q.lexeme, q.qtf * ln(1 + (totals.n - df.df + 0.5) / (df.df + 0.5)) AS idf
                FROM q CROSS JOIN totals
                CROSS JOIN LATERAL (SELECT count(*)::float8 AS df FROM chunk_term ct
                                    WHERE ct.collection_id = ? AND ct.lexeme = q.lexeme) df
                WHERE df.df > 0),
            scored AS (
                SELECT ct.chunk_id,
                       sum(w.idf * ct.tf * (? + 1) / (ct.tf + ? * (1 - ? + ? * ct.chunk_length / totals.avgdl)))
                           AS score
                FROM w JOIN chunk_term ct ON ct.collection_id = ? AND ct.lexeme = w.lexeme
                CROSS JOIN totals
                %s
                GROUP BY ct.chunk_id
                ORDER BY score DESC, ct.chunk_id
                LIMIT ?)
            SELECT %s, s.score
            FROM scored s JOIN chunk c ON c.id = s.chunk_id JOIN document d ON d.id = c.document_id
            ORDER BY s.score DESC, c.id
            """;

    private static final String TS_RANK_CD = """
            WITH q AS (
                SELECT (SELECT string_agg(quote_literal(l), ' | ')
                        FROM unnest(tsvector_to_array(to_tsvector(CAST(? AS regconfig), ?))) l)::tsquery AS query)
            SELECT %s, ts_rank_cd(c.tsv, q.query) AS score
            FROM q, chunk c JOIN document d ON d.id = c.document_id
            WHERE c.collection_id = ? AND c.tsv @@ q.query AND %s
            ORDER BY score DESC, c.id
            LIMIT ?
            """;

    private final AgroalDataSource dataSource;
    private final RetrieveConfig config;
    private final RetrieveMetrics metrics;

    PgKeywordRetriever(AgroalDataSource dataSource, RetrieveConfig config, RetrieveMetrics metrics) {
        this.dataSource = dataSource;
        this.config = config;
        this.metrics = metrics;
    }

    @Override
    public List<RetrievedChunk> retrieve(UUID collectionId, String query, int topK, SearchFilters filters) {
        return metrics.time("keyword", () -> {
            try (Connection conn = dataSource.getConnection()) {
                return "ts-rank-cd".equals(config.keyword().scorer())
                        ? tsRankCd(conn, collectionId, query, topK, filters)
                        : bm25(conn, collectionId, query, topK, filters);
            } catch (SQLException e) {
                throw new IllegalStateException("keyword search failed", e);
            }
        });
    }

    private List<RetrievedChunk> bm25(
            Connection conn, UUID collectionId, String query, int limit, SearchFilters filters) throws SQLException {
        RetrieveConfig.Keyword k = config.keyword();
        return bm25(conn, collectionId, query, limit, filters, k.k1(), k.b(), k.textSearchConfig());
    }

    /** The BM25 statement itself (public so the query benchmark times exactly what the service runs). */
    public static List<RetrievedChunk> bm25(
            Connection conn,
            UUID collectionId,
            String query,
            int limit,
            SearchFilters filters,
            double k1,
            double b,
            String textSearchConfig)
            throws SQLException {
        SqlFilters where = SqlFilters.of(filters, "fc.document_id");
        String join = filters == null || filters.isEmpty()
                ? ""
                : "JOIN chunk fc ON fc.id = ct.chunk_id WHERE " + where.condition();
        try (PreparedStatement ps = conn.prepareStatement(BM25.formatted(join, ChunkRows.COLUMNS))) {
            int i = 1;
            ps.setString(i++, textSearchConfig);
            ps.setString(i++, query);
            ps.setObject(i++, collectionId);
            ps.setObject(i++, collectionId);
            ps.setDouble(i++, k1);
            ps.setDouble(i++, k1);
            ps.setDouble(i++, b);
            ps.setDouble(i++, b);
            ps.setObject(i++, collectionId);
            i = where.bind(conn, ps, i);
            ps.setInt(i, limit);
            return run(ps, limit);
        }
    }

    private List<RetrievedChunk> tsRankCd(
            Connection conn, UUID collectionId, String query, int limit, SearchFilters filters) throws SQLException {
        SqlFilters where = SqlFilters.of(filters, "c.document_id");
        try (PreparedStatement ps = conn.prepareStatement(TS_RANK_CD.formatted(ChunkRows.COLUMNS, where.condition()))) {
            int i = 1;
            ps.setString(i++, config.keyword().textSearchConfig());
            ps.setString(i++, query);
            ps.setObject(i++, collectionId);
            i = where.bind(conn, ps, i);
            ps.setInt(i, limit);
            return run(ps, limit);
        }
    }

    private static List<RetrievedChunk> run(PreparedStatement ps, int limit) throws SQLException {
        List<RetrievedChunk> hits = new ArrayList<>(limit);
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                hits.add(ChunkRows.map(rs));
            }
        }
        return hits;
    }
}
