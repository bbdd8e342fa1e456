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
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Keyword retrieval in PostgreSQL. The default scorer is Okapi BM25 (Lucene's formula: idf = ln(1 + (N - df + 0.5) /
 * (df + 0.5)), saturation k1, length normalisation b) over the {@code chunk_term} postings that triggers keep in
 * step with {@code chunk}; df is counted from the postings, N and the average length come from the sharded
 * {@code collection_term_stats}. The query's lexemes are OR-ed, so a chunk needs only one of them to be a
 * candidate. {@code ts-rank-cd} (PostgreSQL's cover density) is kept behind config for comparison.
 *
 * <p>Queries are bounded (ADR 0014): each lexeme contributes at most {@code postings-per-term} postings, read in
 * BM25 term-weight order from {@code chunk_term_impact_idx}; the best candidates are then scored exactly against all
 * of the query's lexemes. A lexeme with fewer postings than that is read completely, so the ranking is the
 * exhaustive one unless a query lexeme is common. A filtered query (client filters, or the caller's document ACLs)
 * checks candidates against the filter in partial-score order; when fewer than k of the postings read pass a
 * selective filter, the exhaustive statement runs instead, so the top-k is still full.
 */
@ApplicationScoped
public class PgKeywordRetriever implements Retriever {
    /**
     * The end of both BM25 statements: the rows of the {@code scored} chunks, best first. Scores are ordered rounded
     * to 1e-9: a sum of floats depends on the order its rows arrive in, which differs between plans (a pooled
     * connection switches to a generic plan after a few executions), and chunks with the same terms and length
     * (duplicates) must tie exactly, so that the chunk id decides between them every time.
     */
    private static final String ROWS = """
            SELECT %s, s.score
            FROM scored s JOIN chunk c ON c.id = s.chunk_id JOIN document d ON d.id = c.document_id
            ORDER BY round(s.score * 1e9) DESC, c.id
            """;

    /** The end of the exhaustive statement: its best {@code scored} chunks (rounded scores, as in {@link #ROWS}). */
    private static final String TOP_SCORED = """
                GROUP BY ct.chunk_id) g
                ORDER BY round(g.score * 1e9) DESC, g.chunk_id
                LIMIT ?)
            """ + ROWS;

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
            scored AS (SELECT g.chunk_id, g.score FROM (
                SELECT ct.chunk_id,
                       sum(w.idf * ct.tf * (? + 1) / (ct.tf + ? * (1 - ? + ? * ct.chunk_length / totals.avgdl)))
                           AS score
                FROM w JOIN chunk_term ct ON ct.collection_id = ? AND ct.lexeme = w.lexeme
                CROSS JOIN totals
                %s
            """ + TOP_SCORED;

    /** The query's lexemes with their document frequency counted up to a cap, and the collection totals. */
    private static final String TERMS = """
            SELECT q.lexeme, q.qtf,
                   (SELECT count(*) FROM (SELECT 1 FROM chunk_term ct
                                          WHERE ct.collection_id = ? AND ct.lexeme = q.lexeme LIMIT ?) x) AS df,
                   totals.n, totals.avgdl
            FROM (SELECT t.lexeme, coalesce(array_length(t.positions, 1), 1) AS qtf
                  FROM unnest(to_tsvector(CAST(? AS regconfig), ?)) t) q
            CROSS JOIN (SELECT greatest(sum(chunk_count), 1)::float8 AS n,
                               greatest(sum(total_length), 1)::float8 / greatest(sum(chunk_count), 1) AS avgdl
                        FROM collection_term_stats WHERE collection_id = ?) totals
            """;

    private static final String COUNT = """
            SELECT lexeme, count(*) FROM chunk_term WHERE collection_id = ? AND lexeme = ANY(?) GROUP BY lexeme
            """;

    /**
     * Candidates from each lexeme's best postings (by the order key of {@code chunk_term_impact_idx}), summed per
     * chunk; the best of them by that partial score are completed exactly. A chunk's partial score lacks only the
     * lexemes whose postings were cut off and that did not bring the chunk in: each cut-off lexeme has a bit
     * ({@code bit}, 0 for lexemes read completely), {@code seen} ors the bits of the lists a chunk came from, and
     * the missing ones are primary-key probes. The correlated subquery keeps the probes a nested loop under custom
     * and generic plans (a join let the planner hash every posting of the common lexemes instead); {@code completed}
     * is materialized so that they run once per candidate.
     */
    private static final String PRUNED = """
            WITH w AS (SELECT * FROM unnest(CAST(? AS text[]), CAST(? AS float8[]), CAST(? AS int8[]),
                                            CAST(? AS int4[]))
                           AS w(lexeme, idf, bit, postings)),
            par AS (SELECT CAST(? AS float8) AS k1, CAST(? AS float8) AS b, CAST(? AS float8) AS avgdl),
            cand AS (SELECT g.chunk_id, g.partial, g.seen FROM (%1$s
                SELECT p.chunk_id,
                       sum(w.idf * p.tf * (par.k1 + 1)
                           / (p.tf + par.k1 * (1 - par.b + par.b * p.chunk_length / par.avgdl))) AS partial,
                       bit_or(w.bit) AS seen
                FROM w CROSS JOIN par
                CROSS JOIN LATERAL (SELECT ct.chunk_id, ct.tf, ct.chunk_length FROM chunk_term ct
                                    WHERE ct.collection_id = ? AND ct.lexeme = w.lexeme
                                    ORDER BY docent_bm25_impact(ct.tf, ct.chunk_length) DESC, ct.chunk_id
                                    LIMIT w.postings) p
                GROUP BY p.chunk_id) g
            %2$s
                LIMIT ?),
            completed AS MATERIALIZED (
                SELECT cand.chunk_id, cand.partial + coalesce((
                    SELECT sum(w.idf * ct.tf * (par.k1 + 1)
                               / (ct.tf + par.k1 * (1 - par.b + par.b * ct.chunk_length / par.avgdl)))
                    FROM w CROSS JOIN par
                    JOIN chunk_term ct ON ct.collection_id = ? AND ct.lexeme = w.lexeme AND ct.chunk_id = cand.chunk_id
                    WHERE w.bit <> 0 AND cand.seen & w.bit = 0), 0) AS score
                FROM cand),
            scored AS (SELECT chunk_id, score FROM completed ORDER BY round(score * 1e9) DESC, chunk_id LIMIT ?)
            """ + ROWS.replace("%s", "%3$s");

    /** Unfiltered: the best partial scores. */
    private static final String BEST_CANDIDATES = """
                ORDER BY round(g.partial * 1e9) DESC, g.chunk_id
            """;

    /**
     * Filtered: candidates in partial-score order, each checked against the filter (one probe of its chunk) until
     * enough pass; {@code OFFSET 0} keeps the check above the sort, so it stops early when most candidates pass.
     */
    private static final String BEST_MATCHING_CANDIDATES = """
                ORDER BY round(g.partial * 1e9) DESC, g.chunk_id
                OFFSET 0) g
                WHERE EXISTS (SELECT 1 FROM chunk fc WHERE fc.id = g.chunk_id AND %s)
            """;

    /** Opens the subquery that {@link #BEST_MATCHING_CANDIDATES} sorts. */
    private static final String SORTED = "SELECT * FROM (";

    /**
     * Document frequency from which a lexeme counts as common: each query counts its lexemes' postings only up to
     * this many; a common lexeme's exact count comes from {@link FrequentLexemes}.
     */
    public static final int COMMON_DF = 256;

    /** How many partially scored candidates per requested hit are rescored exactly. */
    static final int RESCORE_FACTOR = 3;

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
    private final FrequentLexemes frequent;

    PgKeywordRetriever(AgroalDataSource dataSource, RetrieveConfig config, RetrieveMetrics metrics) {
        this.dataSource = dataSource;
        this.config = config;
        this.metrics = metrics;
        this.frequent = new FrequentLexemes(config.keyword().dfCacheTtl());
    }

    /**
     * BM25 parameters: saturation, length normalisation, text search configuration, postings read per lexeme, and
     * postings read per query (shared among its lexemes by weight; 0: no such budget).
     */
    public record Bm25Settings(
            double k1, double b, String textSearchConfig, int postingsPerTerm, int postingsPerQuery) {
        /** No budget per query: every lexeme may read {@code postingsPerTerm}. */
        public Bm25Settings(double k1, double b, String textSearchConfig, int postingsPerTerm) {
            this(k1, b, textSearchConfig, postingsPerTerm, 0);
        }

        /** Every posting of every lexeme (the statement the service runs for filtered queries). */
        public Bm25Settings exhaustive() {
            return new Bm25Settings(k1, b, textSearchConfig, 0, 0);
        }
    }

    @Override
    public List<RetrievedChunk> retrieve(UUID collectionId, String query, int topK, SearchFilters filters) {
        return metrics.time("keyword", () -> {
            try (Connection conn = dataSource.getConnection()) {
                return "ts-rank-cd".equals(config.keyword().scorer())
                        ? tsRankCd(
                                conn,
                                collectionId,
                                query,
                                topK,
                                filters,
                                config.keyword().textSearchConfig())
                        : bm25(conn, collectionId, query, topK, filters);
            } catch (SQLException e) {
                throw new IllegalStateException("keyword search failed", e);
            }
        });
    }

    private List<RetrievedChunk> bm25(
            Connection conn, UUID collectionId, String query, int limit, SearchFilters filters) throws SQLException {
        RetrieveConfig.Keyword k = config.keyword();
        return bm25(
                conn,
                collectionId,
                query,
                limit,
                filters,
                new Bm25Settings(k.k1(), k.b(), k.textSearchConfig(), k.postingsPerTerm(), k.postingsPerQuery()),
                frequent);
    }

    /** BM25 as the service runs it (public so the query benchmark times exactly that). */
    public static List<RetrievedChunk> bm25(
            Connection conn,
            UUID collectionId,
            String query,
            int limit,
            SearchFilters filters,
            Bm25Settings settings,
            FrequentLexemes frequent)
            throws SQLException {
        if (settings.postingsPerTerm() <= 0) {
            return exhaustive(conn, collectionId, query, limit, filters, settings);
        }
        Weights w = weights(conn, collectionId, query, settings.textSearchConfig(), COMMON_DF, frequent);
        if (w.lexemes().length == 0) {
            return List.of();
        }
        Integer[] postings = w.postings(settings.postingsPerTerm(), settings.postingsPerQuery(), limit);
        Long[] bits = w.cutOffBits(postings);
        boolean filtered = SqlFilters.restricts(filters);
        SqlFilters where = SqlFilters.of(filters, "fc");
        String sql = filtered
                ? PRUNED.formatted(SORTED, BEST_MATCHING_CANDIDATES.formatted(where.condition()), ChunkRows.COLUMNS)
                : PRUNED.formatted("", BEST_CANDIDATES, ChunkRows.COLUMNS);
        List<RetrievedChunk> hits;
        try (PreparedStatement ps = conn.prepareStatement(sql)) {
            int i = 1;
            ps.setArray(i++, conn.createArrayOf("text", w.lexemes()));
            ps.setArray(i++, conn.createArrayOf("float8", w.idf()));
            ps.setArray(i++, conn.createArrayOf("int8", bits));
            ps.setArray(i++, conn.createArrayOf("int4", postings));
            ps.setDouble(i++, settings.k1());
            ps.setDouble(i++, settings.b());
            ps.setDouble(i++, w.avgdl());
            ps.setObject(i++, collectionId);
            i = filtered ? where.bind(conn, ps, i) : i;
            ps.setInt(i++, limit * RESCORE_FACTOR);
            ps.setObject(i++, collectionId);
            ps.setInt(i, limit);
            hits = run(ps, limit);
        }
        // a selective filter can leave fewer matching chunks among the postings read than asked for: then every
        // posting is read, so a filtered top-k is still full (nothing was cut off: the bounded read was complete)
        boolean cutOff = Arrays.stream(bits).anyMatch(b -> b != 0);
        if (filtered && cutOff && hits.size() < limit) {
            return exhaustive(conn, collectionId, query, limit, filters, settings);
        }
        return hits;
    }

    /**
     * The query's lexemes with idf (query term frequency included) and document frequency, and the collection's
     * average chunk length.
     */
    private record Weights(String[] lexemes, Double[] idf, long[] df, double avgdl) {
        /** How many postings each lexeme reads ({@link #postingsPerLexeme}). */
        Integer[] postings(int perTerm, int perQuery, int floor) {
            return postingsPerLexeme(df, idf, perTerm, perQuery, floor);
        }

        /**
         * A distinct bit for each lexeme with more postings than it reads ({@code postings}: reading that many
         * leaves some out), 0 for the others. Past 63 such lexemes (a long query), the most common ones count only
         * through the postings read.
         */
        Long[] cutOffBits(Integer[] postings) {
            Long[] bits = new Long[df.length];
            Integer[] byDf = new Integer[df.length];
            for (int i = 0; i < df.length; i++) {
                bits[i] = 0L;
                byDf[i] = i;
            }
            Arrays.sort(byDf, Comparator.comparingLong(i -> df[i]));
            int next = 0;
            for (int i : byDf) {
                if (df[i] > postings[i] && next < 63) {
                    bits[i] = 1L << next++;
                }
            }
            return bits;
        }
    }

    /**
     * How many postings each lexeme reads: at most {@code perTerm}, never fewer than {@code floor} (the hits asked for,
     * so a truncated lexeme alone can fill the list). With a query budget ({@code perQuery > 0}) the lexemes share it
     * in proportion to their {@code weight} (idf times query frequency: the most a posting of theirs can add to a
     * score, up to the same saturation factor); a lexeme with fewer postings ({@code df}) than its share reads them
     * all and leaves the rest to the others. A question of many words thus reads fewer postings of its weak ones,
     * while a short one reads {@code perTerm} of each.
     */
    static Integer[] postingsPerLexeme(long[] df, Double[] weight, int perTerm, int perQuery, int floor) {
        int n = df.length;
        int cap = Math.max(perTerm, floor);
        Integer[] postings = new Integer[n];
        Arrays.fill(postings, cap);
        if (perQuery <= 0) {
            return postings;
        }
        boolean[] whole = new boolean[n];
        double budget = perQuery;
        boolean settled = false;
        while (!settled) {
            settled = true;
            double open = openWeight(weight, whole);
            for (int i = 0; i < n; i++) {
                // shares within a pass only shrink as budget is taken, so a lexeme marked whole stays whole
                if (!whole[i] && df[i] <= Math.min(cap, budget * weight[i] / open)) {
                    whole[i] = true;
                    budget -= df[i];
                    settled = false;
                }
            }
        }
        double open = openWeight(weight, whole);
        for (int i = 0; i < n; i++) {
            if (!whole[i]) {
                postings[i] = (int) Math.max(floor, Math.min(cap, Math.floor(budget * weight[i] / open)));
            }
        }
        return postings;
    }

    private static double openWeight(Double[] weight, boolean[] whole) {
        double sum = 0;
        for (int i = 0; i < weight.length; i++) {
            sum += whole[i] ? 0 : weight[i];
        }
        return sum;
    }

    private static Weights weights(
            Connection conn,
            UUID collectionId,
            String query,
            String textSearchConfig,
            int cap,
            FrequentLexemes frequent)
            throws SQLException {
        List<String> lexemes = new ArrayList<>();
        List<Integer> qtf = new ArrayList<>();
        List<Long> df = new ArrayList<>();
        double n = 1;
        double avgdl = 1;
        try (PreparedStatement ps = conn.prepareStatement(TERMS)) {
            ps.setObject(1, collectionId);
            ps.setInt(2, cap);
            ps.setString(3, textSearchConfig);
            ps.setString(4, query);
            ps.setObject(5, collectionId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    lexemes.add(rs.getString(1));
                    qtf.add(rs.getInt(2));
                    df.add(rs.getLong(3));
                    n = rs.getDouble(4);
                    avgdl = rs.getDouble(5);
                }
            }
        }
        // lexemes that reached the cap are common: their exact count is remembered for a while
        List<String> uncounted = new ArrayList<>();
        for (int i = 0; i < lexemes.size(); i++) {
            if (df.get(i) >= cap) {
                Optional<Long> known = frequent.get(collectionId, lexemes.get(i));
                if (known.isPresent()) {
                    df.set(i, known.get());
                } else {
                    uncounted.add(lexemes.get(i));
                }
            }
        }
        if (!uncounted.isEmpty()) {
            try (PreparedStatement ps = conn.prepareStatement(COUNT)) {
                ps.setObject(1, collectionId);
                ps.setArray(2, conn.createArrayOf("text", uncounted.toArray(String[]::new)));
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        String lexeme = rs.getString(1);
                        long count = rs.getLong(2);
                        frequent.put(collectionId, lexeme, count);
                        df.set(lexemes.indexOf(lexeme), count);
                    }
                }
            }
        }
        List<String> used = new ArrayList<>();
        List<Double> idf = new ArrayList<>();
        List<Long> usedDf = new ArrayList<>();
        for (int i = 0; i < lexemes.size(); i++) {
            long d = df.get(i);
            if (d > 0) {
                used.add(lexemes.get(i));
                idf.add(qtf.get(i) * Math.log(1 + (n - d + 0.5) / (d + 0.5)));
                usedDf.add(d);
            }
        }
        return new Weights(
                used.toArray(String[]::new),
                idf.toArray(Double[]::new),
                usedDf.stream().mapToLong(Long::longValue).toArray(),
                avgdl);
    }

    /** The statement that reads every posting of the query's lexemes (filtered queries, or pruning switched off). */
    private static List<RetrievedChunk> exhaustive(
            Connection conn, UUID collectionId, String query, int limit, SearchFilters filters, Bm25Settings settings)
            throws SQLException {
        double k1 = settings.k1();
        double b = settings.b();
        String textSearchConfig = settings.textSearchConfig();
        SqlFilters where = SqlFilters.of(filters, "fc");
        String join =
                !SqlFilters.restricts(filters) ? "" : "JOIN chunk fc ON fc.id = ct.chunk_id WHERE " + where.condition();
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

    /** PostgreSQL's cover density rank over the query's lexemes OR-ed (scorer {@code ts-rank-cd}). */
    public static List<RetrievedChunk> tsRankCd(
            Connection conn, UUID collectionId, String query, int limit, SearchFilters filters, String textSearchConfig)
            throws SQLException {
        SqlFilters where = SqlFilters.of(filters, "c");
        try (PreparedStatement ps = conn.prepareStatement(TS_RANK_CD.formatted(ChunkRows.COLUMNS, where.condition()))) {
            int i = 1;
            ps.setString(i++, textSearchConfig);
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
