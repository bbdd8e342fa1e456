package dev.docent.retrieve.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.pgvector.PGvector;
import dev.docent.retrieve.api.SearchFilters;
import dev.docent.retrieve.service.RetrievedChunk;
import dev.docent.testsupport.PostgresTestResource;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** BM25 in SQL against the formula computed by hand in Java, and the statistics under deletes and concurrency. */
@QuarkusTest
@QuarkusTestResource(value = PostgresTestResource.class, restrictToAnnotatedClass = false)
class Bm25StatisticsTest {
    static final double K1 = 0.9;
    static final double B = 0.4;

    @Inject
    AgroalDataSource ds;

    @Inject
    PgKeywordRetriever keyword;

    @Test
    void scoresMatchLuceneBm25ComputedByHand() throws SQLException {
        UUID c = collection();
        String[] texts = {
            "Apples and bananas are fruit. Apples are red.",
            "Bananas grow in warm climates on large plants.",
            "The train leaves the station at noon.",
            "Apple orchards need pollinating bees in spring and plenty of water all summer long."
        };
        Map<Long, String> ids = new HashMap<>();
        for (String t : texts) {
            ids.put(insertChunk(c, insertDocument(c), t), t);
        }
        String query = "apple banana";
        List<RetrievedChunk> hits = keyword.retrieve(c, query, 10, SearchFilters.NONE);

        Map<Long, Double> expected = expectedBm25(ids, query);
        assertThat(hits).hasSize(expected.size()).hasSize(3);
        for (RetrievedChunk h : hits) {
            assertThat(h.score()).isCloseTo(expected.get(h.chunkId()), within(1e-9));
        }
        assertThat(hits.get(0).text()).isEqualTo(texts[0]);
    }

    @Test
    void deletingAndReplacingChunksKeepsStatisticsExact() throws SQLException {
        UUID c = collection();
        UUID d1 = insertDocument(c);
        UUID d2 = insertDocument(c);
        insertChunk(c, d1, "quantum entanglement of photons");
        insertChunk(c, d2, "entanglement in quantum computers and photons photons");
        assertThat(totals(c)).containsExactly(2L, 8L); // 3 + 5 lexeme occurrences
        assertThat(df(c, "photon")).isEqualTo(2);
        try (Connection conn = ds.getConnection();
                PreparedStatement ps = conn.prepareStatement("DELETE FROM document WHERE id = ?")) {
            ps.setObject(1, d2);
            ps.executeUpdate();
        }
        assertThat(totals(c)).containsExactly(1L, 3L);
        assertThat(df(c, "photon")).isEqualTo(1);
        assertThat(df(c, "comput")).isZero();
        try (Connection conn = ds.getConnection();
                PreparedStatement ps = conn.prepareStatement("DELETE FROM collection WHERE id = ?")) {
            ps.setObject(1, c);
            ps.executeUpdate();
        }
        assertThat(df(c, "photon")).isZero();
    }

    @Test
    void concurrentWritersNeitherDeadlockNorLoseCounts() throws Exception {
        UUID c = collection();
        int writers = 4;
        int perWriter = 25;
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int w = 0; w < writers; w++) {
                int writer = w;
                done.add(pool.submit(() -> {
                    for (int i = 0; i < perWriter; i++) {
                        try (Connection conn = ds.getConnection()) {
                            conn.setAutoCommit(false);
                            UUID doc = insertDocument(conn, c);
                            for (int j = 0; j < 3; j++) {
                                insertChunk(conn, c, doc, "shared words common terms writer" + writer + " item " + j);
                            }
                            conn.commit();
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        int chunks = writers * perWriter * 3;
        assertThat(totals(c).get(0)).isEqualTo(chunks);
        assertThat(df(c, "share")).isEqualTo(chunks);
    }

    @Test
    void boundedReadsReturnExactScoresAndTheExhaustiveRanking() throws SQLException {
        UUID c = collection();
        // 300 chunks share the common lexemes "protein" (tf 1-3, lengths vary) and "sample"; 4 of them also hold the
        // rare "kinase"
        int common = PgKeywordRetriever.COMMON_DF + 44;
        try (Connection conn = ds.getConnection()) {
            conn.setAutoCommit(false);
            for (int i = 0; i < common; i++) {
                String text = "protein ".repeat(1 + i % 3) + "sample number " + i + " filler words".repeat(i % 5)
                        + (i % 97 == 0 ? " kinase" : "");
                insertChunk(conn, c, insertDocument(conn, c), text);
            }
            conn.commit();
        }
        PgKeywordRetriever.Bm25Settings exhaustive = new PgKeywordRetriever.Bm25Settings(K1, B, "english", 0);
        PgKeywordRetriever.Bm25Settings bounded = new PgKeywordRetriever.Bm25Settings(K1, B, "english", 5);
        long[] now = {0};
        FrequentLexemes frequent = new FrequentLexemes(java.time.Duration.ofSeconds(60), 100, () -> now[0]);
        try (Connection conn = ds.getConnection()) {
            // "protein sample kinase": two cut-off lexemes, so a chunk can come in through one and miss the other
            // and with a budget per query that the lexemes share: "kinase" is read whole, the others split the rest
            PgKeywordRetriever.Bm25Settings budgeted = new PgKeywordRetriever.Bm25Settings(K1, B, "english", 50, 12);
            for (String query : List.of("protein kinase", "kinase", "protein", "protein sample kinase", "sample")) {
                List<RetrievedChunk> all =
                        PgKeywordRetriever.bm25(conn, c, query, 5, SearchFilters.NONE, exhaustive, frequent);
                for (PgKeywordRetriever.Bm25Settings settings : List.of(bounded, budgeted)) {
                    List<RetrievedChunk> few =
                            PgKeywordRetriever.bm25(conn, c, query, 5, SearchFilters.NONE, settings, frequent);
                    assertThat(few).as(query).hasSize(all.size());
                    for (int i = 0; i < all.size(); i++) {
                        assertThat(few.get(i).chunkId())
                                .as("%s, %s", query, settings)
                                .isEqualTo(all.get(i).chunkId());
                        assertThat(few.get(i).score())
                                .as("%s, %s", query, settings)
                                .isCloseTo(all.get(i).score(), within(1e-9));
                    }
                }
            }
            // "protein" reached the bound, so its exact count is remembered; "kinase" (4 postings) never is
            assertThat(frequent.get(c, "protein")).contains((long) common);
            assertThat(frequent.get(c, "kinase")).isEmpty();

            // new postings are seen once the remembered count expires
            for (int i = 0; i < 5; i++) {
                insertChunk(c, insertDocument(c), "protein fold");
            }
            PgKeywordRetriever.bm25(conn, c, "protein", 5, SearchFilters.NONE, bounded, frequent);
            assertThat(frequent.get(c, "protein")).contains((long) common);
            now[0] += java.time.Duration.ofSeconds(61).toNanos();
            PgKeywordRetriever.bm25(conn, c, "protein", 5, SearchFilters.NONE, bounded, frequent);
            assertThat(frequent.get(c, "protein")).contains(common + 5L);
        }
    }

    @Test
    void filteredBoundedReadsScoreLikeTheExhaustiveStatementAndFillTheTopKUnderASelectiveFilter() throws SQLException {
        UUID c = collection();
        // 300 chunks hold "protein" (common: cut off at 5 postings); the last 3 hold it once in a long text, so they
        // are never among its best 5 postings
        List<UUID> most = new ArrayList<>();
        List<UUID> rare = new ArrayList<>();
        try (Connection conn = ds.getConnection()) {
            conn.setAutoCommit(false);
            for (int i = 0; i < 300; i++) {
                UUID doc = insertDocument(conn, c);
                boolean longText = i >= 297;
                String text = longText
                        ? "protein " + "unrelated filler words about something else ".repeat(20) + i
                        : "protein ".repeat(1 + i % 3) + "sample number " + i + (i % 97 == 0 ? " kinase" : "");
                insertChunk(conn, c, doc, text);
                (longText ? rare : most).add(doc);
            }
            conn.commit();
        }
        PgKeywordRetriever.Bm25Settings bounded = new PgKeywordRetriever.Bm25Settings(K1, B, "english", 5);
        FrequentLexemes frequent = new FrequentLexemes(java.time.Duration.ofMinutes(1));
        // a filter most chunks pass (four documents in five): the bounded read, checked per candidate in
        // partial-score order, scores rank by rank as the exhaustive statement does (which of several equally scored
        // chunks make the cut may differ: the impact index does not order ties by chunk id)
        List<UUID> wideIds = most.stream().filter(d -> most.indexOf(d) % 5 != 0).toList();
        SearchFilters wide = new SearchFilters(wideIds, null, null, null, null);
        // a filter none of the postings read passes: every posting is read, and the top-k is still full
        SearchFilters narrow = new SearchFilters(rare, null, null, null, null);
        try (Connection conn = ds.getConnection()) {
            for (SearchFilters filter : List.of(wide, narrow)) {
                List<UUID> passing = filter == wide ? wideIds : rare;
                // (not "protein sample": its best sums are second best on each lexeme, so 5 postings per lexeme
                // miss them with or without a filter; the bounded read is a bound, ADR 0014)
                for (String query : List.of("protein kinase", "protein")) {
                    List<RetrievedChunk> all =
                            PgKeywordRetriever.bm25(conn, c, query, 3, filter, bounded.exhaustive(), frequent);
                    List<RetrievedChunk> few = PgKeywordRetriever.bm25(conn, c, query, 3, filter, bounded, frequent);
                    assertThat(all).as(query).hasSize(3);
                    assertThat(few)
                            .as(query)
                            .hasSize(3)
                            .allSatisfy(h -> assertThat(passing).contains(h.documentId()));
                    for (int i = 0; i < all.size(); i++) {
                        assertThat(few.get(i).score())
                                .as(query)
                                .isCloseTo(all.get(i).score(), within(1e-9));
                    }
                    if (filter == narrow) { // the exhaustive statement ran
                        assertThat(few.stream().map(RetrievedChunk::chunkId).toList())
                                .as(query)
                                .isEqualTo(all.stream()
                                        .map(RetrievedChunk::chunkId)
                                        .toList());
                    }
                }
            }
        }
    }

    @Test
    void identicalChunksTieExactlyAndKeepChunkIdOrderWhateverThePlan() throws SQLException {
        UUID c = collection();
        for (int i = 0; i < 20; i++) {
            insertChunk(c, insertDocument(c), "Coral reefs bleach when warm sea water stays for weeks.");
            insertChunk(c, insertDocument(c), "Warm water note " + i + " about the sea.");
        }
        PgKeywordRetriever.Bm25Settings bounded = new PgKeywordRetriever.Bm25Settings(K1, B, "english", 5);
        FrequentLexemes frequent = new FrequentLexemes(java.time.Duration.ofMinutes(1));
        String query = "coral reefs bleach in warm sea water";
        try (Connection conn = ds.getConnection()) {
            List<List<Long>> runs = new ArrayList<>();
            for (String mode : List.of("force_custom_plan", "force_generic_plan")) {
                try (java.sql.Statement st = conn.createStatement()) {
                    st.execute("SET plan_cache_mode = " + mode);
                }
                for (PgKeywordRetriever.Bm25Settings settings : List.of(bounded, bounded.exhaustive())) {
                    for (int i = 0; i < 6; i++) { // past pgjdbc's prepare threshold
                        List<RetrievedChunk> hits =
                                PgKeywordRetriever.bm25(conn, c, query, 20, SearchFilters.NONE, settings, frequent);
                        runs.add(hits.stream().map(RetrievedChunk::chunkId).toList());
                    }
                }
            }
            try (java.sql.Statement st = conn.createStatement()) {
                st.execute("RESET plan_cache_mode");
            }
            // the 20 identical chunks come first, in chunk id order, in every run
            List<Long> first = runs.get(0);
            assertThat(first).hasSize(20).isSorted();
            assertThat(runs).allSatisfy(r -> assertThat(r).isEqualTo(first));
        }
    }

    @Test
    void aBoundCutInsideATieKeepsTheLowestChunkIdsWhateverTheHeapOrder() throws SQLException {
        UUID c = collection();
        // heap order against id order: the low ids go to the end of chunk_term's heap, then rows that fill freed
        // pages at its start get the high ids; every "tied" posting has the same tf and chunk length
        List<Long> filler = insertChunks(c, 400, i -> "padding rows that fill pages " + i);
        List<Long> tied = new ArrayList<>(insertChunks(c, 20, i -> "tiedword marker"));
        execute("DELETE FROM chunk WHERE id = ANY('{"
                + String.join(",", filler.stream().map(String::valueOf).toList()) + "}'::bigint[])");
        execute("VACUUM chunk_term");
        // more rows than the heap's last page holds, so the free space map hands out the freed pages
        tied.addAll(insertChunks(c, 300, i -> "tiedword marker"));
        PgKeywordRetriever.Bm25Settings exhaustive = new PgKeywordRetriever.Bm25Settings(K1, B, "english", 0);
        PgKeywordRetriever.Bm25Settings bounded = new PgKeywordRetriever.Bm25Settings(K1, B, "english", 5);
        FrequentLexemes frequent = new FrequentLexemes(java.time.Duration.ofSeconds(60), 100, System::nanoTime);
        List<Long> expected = tied.stream().sorted().limit(5).toList();
        // the index scan a large collection gets, and a plan that reads the postings in heap order and sorts them
        for (String indexScans : List.of("on", "off")) {
            try (Connection conn = ds.getConnection()) {
                conn.setAutoCommit(false);
                try (Statement st = conn.createStatement()) {
                    st.execute("SET LOCAL enable_indexscan = " + indexScans);
                }
                for (PgKeywordRetriever.Bm25Settings settings : List.of(exhaustive, bounded)) {
                    List<Long> got =
                            PgKeywordRetriever.bm25(conn, c, "tiedword", 5, SearchFilters.NONE, settings, frequent)
                                    .stream()
                                    .map(RetrievedChunk::chunkId)
                                    .toList();
                    assertThat(got)
                            .as("enable_indexscan %s, postings per term %d", indexScans, settings.postingsPerTerm())
                            .isEqualTo(expected);
                }
                conn.rollback();
            }
        }
    }

    @Test
    void theSharedChunkTablesAreAnalyzedAfterTwoPercentOfTheirRowsChange() throws SQLException {
        // a new collection in a large database must not be planned with statistics that never saw it (V13)
        try (Connection conn = ds.getConnection();
                Statement st = conn.createStatement();
                ResultSet rs = st.executeQuery("SELECT relname, array_to_string(reloptions, ',') FROM pg_class"
                        + " WHERE relname IN ('chunk', 'chunk_term', 'document') AND relkind = 'r'")) {
            Map<String, String> options = new HashMap<>();
            while (rs.next()) {
                options.put(rs.getString(1), rs.getString(2));
            }
            assertThat(options).containsOnlyKeys("chunk", "chunk_term", "document");
            assertThat(options.values())
                    .allSatisfy(o -> assertThat(o)
                            .contains("autovacuum_analyze_scale_factor=0.02")
                            .contains("autovacuum_vacuum_insert_scale_factor=0.02"));
        }
    }

    @Test
    void boundedReadsUseTheImpactIndex() throws SQLException {
        // a common lexeme of an analyzed collection (for an unknown one any plan costs next to nothing)
        UUID c = collection();
        insertChunks(c, 2000, i -> "protein ".repeat(1 + i % 3) + "row " + i);
        execute("ANALYZE chunk_term");
        try (Connection conn = ds.getConnection();
                PreparedStatement ps = conn.prepareStatement("EXPLAIN SELECT ct.chunk_id FROM chunk_term ct"
                        + " WHERE ct.collection_id = ? AND ct.lexeme = 'protein'"
                        + " ORDER BY docent_bm25_impact(ct.tf, ct.chunk_length) DESC, ct.chunk_id LIMIT 5")) {
            ps.setObject(1, c);
            StringBuilder plan = new StringBuilder();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    plan.append(rs.getString(1)).append('\n');
                }
            }
            assertThat(plan.toString()).contains("chunk_term_impact_idx").doesNotContain("Sort");
        }
    }

    private Map<Long, Double> expectedBm25(Map<Long, String> chunks, String query) throws SQLException {
        Map<Long, Map<String, Integer>> tf = new HashMap<>();
        Map<Long, Integer> length = new HashMap<>();
        Map<String, Integer> df = new HashMap<>();
        for (var e : chunks.entrySet()) {
            Map<String, Integer> terms = lexemes(e.getValue());
            tf.put(e.getKey(), terms);
            length.put(
                    e.getKey(),
                    terms.values().stream().mapToInt(Integer::intValue).sum());
            terms.keySet().forEach(t -> df.merge(t, 1, Integer::sum));
        }
        double n = chunks.size();
        double avgdl = length.values().stream().mapToInt(Integer::intValue).sum() / n;
        Map<Long, Double> scores = new HashMap<>();
        for (String q : lexemes(query).keySet()) {
            int d = df.getOrDefault(q, 0);
            if (d == 0) {
                continue;
            }
            double idf = Math.log(1 + (n - d + 0.5) / (d + 0.5));
            for (long id : chunks.keySet()) {
                int f = tf.get(id).getOrDefault(q, 0);
                if (f > 0) {
                    double s = idf * f * (K1 + 1) / (f + K1 * (1 - B + B * length.get(id) / avgdl));
                    scores.merge(id, s, Double::sum);
                }
            }
        }
        return scores;
    }

    /** Lexeme -> occurrences, as PostgreSQL's english configuration analyses the text. */
    private Map<String, Integer> lexemes(String text) throws SQLException {
        Map<String, Integer> out = new HashMap<>();
        try (Connection conn = ds.getConnection();
                PreparedStatement ps = conn.prepareStatement(
                        "SELECT lexeme, array_length(positions, 1) FROM unnest(to_tsvector('english', ?))")) {
            ps.setString(1, text);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getString(1), rs.getInt(2));
                }
            }
        }
        return out;
    }

    private List<Long> totals(UUID c) throws SQLException {
        try (Connection conn = ds.getConnection();
                PreparedStatement ps =
                        conn.prepareStatement("SELECT coalesce(sum(chunk_count), 0), coalesce(sum(total_length), 0)"
                                + " FROM collection_term_stats WHERE collection_id = ?")) {
            ps.setObject(1, c);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return List.of(rs.getLong(1), rs.getLong(2));
            }
        }
    }

    private int df(UUID c, String lexeme) throws SQLException {
        try (Connection conn = ds.getConnection();
                PreparedStatement ps = conn.prepareStatement(
                        "SELECT count(*) FROM chunk_term WHERE collection_id = ? AND lexeme = ?")) {
            ps.setObject(1, c);
            ps.setString(2, lexeme);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    private UUID collection() throws SQLException {
        UUID id = UUID.randomUUID();
        try (Connection conn = ds.getConnection();
                PreparedStatement ps = conn.prepareStatement(
                        "INSERT INTO collection (id, name, embedding_model, owner) VALUES (?, ?, 'test', 'user:fixture')")) {
            ps.setObject(1, id);
            ps.setString(2, "bm25-" + id);
            ps.executeUpdate();
        }
        return id;
    }

    private UUID insertDocument(UUID c) throws SQLException {
        try (Connection conn = ds.getConnection()) {
            return insertDocument(conn, c);
        }
    }

    private static UUID insertDocument(Connection conn, UUID c) throws SQLException {
        UUID id = UUID.randomUUID();
        try (PreparedStatement ps = conn.prepareStatement(
                "INSERT INTO document (id, collection_id, external_id, title, content_sha256, status)"
                        + " VALUES (?, ?, ?, 't', 'x', 'succeeded')")) {
            ps.setObject(1, id);
            ps.setObject(2, c);
            ps.setString(3, id.toString());
            ps.executeUpdate();
        }
        return id;
    }

    /** {@code n} chunks, each in a document of its own, in one transaction; their ids in insertion order. */
    private List<Long> insertChunks(UUID c, int n, java.util.function.IntFunction<String> text) throws SQLException {
        List<Long> ids = new ArrayList<>(n);
        try (Connection conn = ds.getConnection()) {
            conn.setAutoCommit(false);
            for (int i = 0; i < n; i++) {
                ids.add(insertChunk(conn, c, insertDocument(conn, c), text.apply(i)));
            }
            conn.commit();
        }
        return ids;
    }

    /** One statement outside a transaction block (VACUUM needs that). */
    private void execute(String sql) throws SQLException {
        try (Connection conn = ds.getConnection();
                Statement st = conn.createStatement()) {
            st.execute(sql);
        }
    }

    private long insertChunk(UUID c, UUID doc, String text) throws SQLException {
        try (Connection conn = ds.getConnection()) {
            return insertChunk(conn, c, doc, text);
        }
    }

    private static long insertChunk(Connection conn, UUID c, UUID doc, String text) throws SQLException {
        try (PreparedStatement ps = conn.prepareStatement(
                "INSERT INTO chunk (document_id, collection_id, ordinal, text, token_count, char_start, char_end,"
                        + " embedding) VALUES (?, ?, (SELECT count(*) FROM chunk WHERE document_id = ?), ?, 1, 0, ?, ?)"
                        + " RETURNING id")) {
            ps.setObject(1, doc);
            ps.setObject(2, c);
            ps.setObject(3, doc);
            ps.setString(4, text);
            ps.setInt(5, text.length());
            float[] v = new float[384];
            v[0] = 1;
            ps.setObject(6, new PGvector(v));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }
}
