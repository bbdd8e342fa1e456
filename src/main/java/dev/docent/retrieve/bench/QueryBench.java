package dev.docent.retrieve.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.pgvector.PGvector;
import dev.docent.ingest.embed.OnnxBgeSmallEmbedder;
import dev.docent.retrieve.api.SearchFilters;
import dev.docent.retrieve.service.RetrievedChunk;
import dev.docent.retrieve.store.FrequentLexemes;
import dev.docent.retrieve.store.PgKeywordRetriever;
import dev.docent.retrieve.store.PgVectorRetriever;
import dev.docent.retrieve.store.VectorScan;
import java.io.BufferedReader;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * {@code ./docent bench query --chunks N [--queries Q]}: loads N chunks into a bench collection (straight into
 * PostgreSQL: texts and real bge-small embeddings of SciFact documents, pairwise mixed and re-normalised, so 100k
 * chunks need no hour of embedding), then times, in the same run, POST /search over HTTP (default hybrid mode, no
 * rerank) and in-process the query embedding plus the same SQL statements the service runs, one after the other
 * (the raw path) and with the BM25 statement on a second connection concurrent with embed + ANN (as the
 * service runs them); prints p50/p95 of each, the ratios, and HNSW recall@10 against exact search. Ends with one
 * JSON line.
 */
public final class QueryBench {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ExecutorService KEYWORD_THREAD = Executors.newVirtualThreadPerTaskExecutor();
    private static final int TOP_K = 10;
    /**
     * The service's BM25 settings (k1, b, english, postings per lexeme and per query; ADR 0014), read from the
     * same environment variables the service reads, so both sides run the same statement.
     */
    private static final PgKeywordRetriever.Bm25Settings BM25 = new PgKeywordRetriever.Bm25Settings(
            0.9,
            0.4,
            "english",
            Integer.parseInt(env("DOCENT_RETRIEVE_KEYWORD_POSTINGS_PER_TERM", "1000")),
            Integer.parseInt(env("DOCENT_RETRIEVE_KEYWORD_POSTINGS_PER_QUERY", "6000")));

    private static final FrequentLexemes FREQUENT = new FrequentLexemes(Duration.ofMinutes(10));
    /** Candidates per retriever of a hybrid search without rerank, from the variable the service reads. */
    private static final int POOL = Integer.parseInt(env("DOCENT_RETRIEVE_FUSION_POOL", "50"));
    /** pgvector's own hnsw.ef_search, printed for comparison. */
    private static final int PGVECTOR_DEFAULT_EF = 40;
    /** docent.retrieve.vector.min-ef-search (the service's environment variable, else its default). */
    private static final int MIN_EF = Integer.parseInt(env("DOCENT_RETRIEVE_VECTOR_MIN_EF_SEARCH", "200"));
    /** docent.retrieve.vector.ef-search-factor (the service's environment variable, else its default). */
    private static final double EF_FACTOR = Double.parseDouble(env("DOCENT_RETRIEVE_VECTOR_EF_SEARCH_FACTOR", "3.0"));
    /** docent.retrieve.vector.exact-max-chunks / exact-max-share: when the service reads a collection exactly. */
    private static final VectorScan.Policy SCANS = new VectorScan.Policy(
            Integer.parseInt(env("DOCENT_RETRIEVE_VECTOR_EXACT_MAX_CHUNKS", "10000")),
            Double.parseDouble(env("DOCENT_RETRIEVE_VECTOR_EXACT_MAX_SHARE", "0.5")));

    private final String url;
    private final String jdbcUrl;
    private final String user;
    private final String password;
    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    private QueryBench() {
        this.url = env("DOCENT_URL", "http://localhost:8080").replaceAll("/+$", "");
        this.jdbcUrl = env("QUARKUS_DATASOURCE_JDBC_URL", null);
        this.user = env("QUARKUS_DATASOURCE_USERNAME", "docent");
        this.password = env("QUARKUS_DATASOURCE_PASSWORD", "");
    }

    public static void main(String[] args) throws Exception {
        int chunks = 10_000;
        int queries = 200;
        Path dataset = Path.of(env("DOCENT_ROOT", "."), "..", "shared", "datasets", "scifact");
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--chunks" -> chunks = Integer.parseInt(args[++i]);
                case "--queries" -> queries = Integer.parseInt(args[++i]);
                case "--dataset" -> dataset = Path.of(args[++i]);
                default ->
                    throw new IllegalArgumentException(
                            "unknown argument " + args[i] + " (--chunks N, --queries Q, --dataset DIR)");
            }
        }
        new QueryBench().run(chunks, queries, dataset);
        System.exit(0);
    }

    private void run(int chunks, int queryCount, Path dataset) throws Exception {
        if (jdbcUrl == null) {
            throw new IllegalStateException(
                    "QUARKUS_DATASOURCE_JDBC_URL is not set (run through ./docent bench query)");
        }
        OnnxBgeSmallEmbedder embedder = new OnnxBgeSmallEmbedder(0);
        List<String> queries = readQueries(dataset.resolve("queries.jsonl"), queryCount);
        try (Connection conn = DriverManager.getConnection(jdbcUrl, user, password);
                Connection keywordConn = DriverManager.getConnection(jdbcUrl, user, password)) {
            UUID collection = collection(conn, "bench-query-" + chunks, embedder.modelId());
            load(conn, collection, chunks, dataset, embedder);
            System.out.printf(
                    Locale.ROOT,
                    "collection %s: %d chunks; %d queries, top-%d, pool %d%n",
                    collection,
                    count(conn, collection),
                    queries.size(),
                    TOP_K,
                    POOL);

            // warm-up: every query once on every path (JIT, index pages, and the common lexemes' document
            // frequencies, which the service and this process each remember: the timed phase measures both warm)
            for (String q : queries) {
                httpSearch(collection, q);
                raw(conn, collection, q, embedder);
                rawParallel(conn, keywordConn, collection, q, embedder);
            }
            double[] httpMs = new double[queries.size()];
            double[] rawMs = new double[queries.size()];
            double[] parallelMs = new double[queries.size()];
            // interleaved so all see the same machine load
            for (int i = 0; i < queries.size(); i++) {
                long t0 = System.nanoTime();
                httpSearch(collection, queries.get(i));
                long t1 = System.nanoTime();
                raw(conn, collection, queries.get(i), embedder);
                long t2 = System.nanoTime();
                rawParallel(conn, keywordConn, collection, queries.get(i), embedder);
                long t3 = System.nanoTime();
                httpMs[i] = (t1 - t0) / 1e6;
                rawMs[i] = (t2 - t1) / 1e6;
                parallelMs[i] = (t3 - t2) / 1e6;
            }
            Bm25Figures[] bm25 = bm25Figures(conn, collection, queries);
            Bm25Figures perTermOnly = bm25[bm25.length - 1];
            int poolEf = PgVectorRetriever.efSearch(POOL, EF_FACTOR, MIN_EF);
            int vectorModeEf = PgVectorRetriever.efSearch(TOP_K, EF_FACTOR, MIN_EF);
            double recall = recall(conn, collection, queries, embedder, POOL, poolEf);
            double recallVector = recall(conn, collection, queries, embedder, TOP_K, vectorModeEf);
            double recallDefault = recall(conn, collection, queries, embedder, TOP_K, PGVECTOR_DEFAULT_EF);
            double sp50 = percentile(httpMs, 50);
            double sp95 = percentile(httpMs, 95);
            double rp50 = percentile(rawMs, 50);
            double rp95 = percentile(rawMs, 95);
            double pp50 = percentile(parallelMs, 50);
            double pp95 = percentile(parallelMs, 95);
            double ratio = sp95 / rp95;
            double parallelRatio = sp95 / pp95;
            System.out.printf(Locale.ROOT, "POST /search (hybrid, no rerank) p50 %.2f ms  p95 %.2f ms%n", sp50, sp95);
            System.out.printf(Locale.ROOT, "raw: embed + ANN SQL + BM25 SQL  p50 %.2f ms  p95 %.2f ms%n", rp50, rp95);
            System.out.printf(
                    Locale.ROOT,
                    "raw, BM25 concurrent with embed + ANN (as the service runs it)  p50 %.2f ms  p95 %.2f ms%n",
                    pp50,
                    pp95);
            System.out.printf(Locale.ROOT, "ratio p95 http/raw %.3f (target <= 1.15)%n", ratio);
            System.out.printf(
                    Locale.ROOT,
                    "ratio p95 http/raw-concurrent %.3f (the service's own overhead: HTTP, auth, JSON)%n",
                    parallelRatio);
            System.out.printf(Locale.ROOT, "absolute p95 %.2f ms (target <= 30 ms at 100k chunks)%n", sp95);
            System.out.printf(
                    Locale.ROOT,
                    "HNSW recall@10 vs exact: %.4f with ef_search=%d (pool %d, the hybrid path);"
                            + " %.4f with ef_search=%d (vector mode, k=%d, no rerank, as the service runs it) (target >= 0.98);"
                            + " %.4f with pgvector's default ef_search=%d%n",
                    recall,
                    poolEf,
                    POOL,
                    recallVector,
                    vectorModeEf,
                    TOP_K,
                    recallDefault,
                    PGVECTOR_DEFAULT_EF);
            System.out.printf(
                    Locale.ROOT,
                    "BM25 bounded to %d postings per lexeme, %d per query, vs every posting: recall@10 %.4f,"
                            + " recall@%d %.4f; the statement alone p50 %.2f ms p95 %.2f ms%n",
                    BM25.postingsPerTerm(),
                    BM25.postingsPerQuery(),
                    bm25[0].recallAt10(),
                    POOL,
                    bm25[0].recallAtPool(),
                    bm25[0].p50Ms(),
                    bm25[0].p95Ms());
            if (bm25.length > 1) {
                System.out.printf(
                        Locale.ROOT,
                        "BM25 bounded to %d postings per lexeme, no budget per query: recall@10 %.4f, recall@%d %.4f;"
                                + " the statement alone p50 %.2f ms p95 %.2f ms%n",
                        BM25.postingsPerTerm(),
                        perTermOnly.recallAt10(),
                        POOL,
                        perTermOnly.recallAtPool(),
                        perTermOnly.p50Ms(),
                        perTermOnly.p95Ms());
            }
            System.out.printf(
                    Locale.ROOT,
                    "{\"chunks\":%d,\"search_p50_ms\":%.2f,\"search_p95_ms\":%.2f,\"raw_p50_ms\":%.2f,"
                            + "\"raw_p95_ms\":%.2f,\"ratio\":%.3f,\"raw_concurrent_p95_ms\":%.2f,"
                            + "\"ratio_vs_concurrent\":%.3f,\"recall_at_10\":%.4f,\"vector_mode_recall_at_10\":%.4f,"
                            + "\"bm25_recall_at_10\":%.4f,"
                            + "\"pool\":%d,\"bm25_recall_at_pool\":%.4f,\"bm25_p95_ms\":%.2f,"
                            + "\"bm25_per_term_only_recall_at_10\":%.4f,\"bm25_per_term_only_p95_ms\":%.2f}%n",
                    chunks,
                    sp50,
                    sp95,
                    rp50,
                    rp95,
                    ratio,
                    pp95,
                    parallelRatio,
                    recall,
                    recallVector,
                    bm25[0].recallAt10(),
                    POOL,
                    bm25[0].recallAtPool(),
                    bm25[0].p95Ms(),
                    perTermOnly.recallAt10(),
                    perTermOnly.p95Ms());
        }
    }

    private void httpSearch(UUID collection, String query) throws IOException, InterruptedException {
        String body = JSON.writeValueAsString(Map.of("query", query, "topK", TOP_K, "rerank", false));
        HttpResponse<String> r = http.send(
                HttpRequest.newBuilder(URI.create(url + "/v1/collections/" + collection + "/search"))
                        .header("Content-Type", "application/json")
                        .header("Authorization", bearer())
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IllegalStateException("search answered " + r.statusCode() + ": " + r.body());
        }
    }

    /** What the service does for a hybrid search, minus HTTP: embed, ANN statement, BM25 statement. */
    private static void raw(Connection conn, UUID collection, String query, OnnxBgeSmallEmbedder embedder)
            throws SQLException {
        PGvector v = new PGvector(embedder.embedQuery(query));
        conn.setAutoCommit(false);
        dense(
                conn,
                collection,
                embedder.modelId(),
                v,
                POOL,
                PgVectorRetriever.efSearch(POOL, EF_FACTOR, MIN_EF),
                SCANS);
        conn.commit();
        conn.setAutoCommit(true);
        PgKeywordRetriever.bm25(conn, collection, query, POOL, SearchFilters.NONE, BM25, FREQUENT);
    }

    /** The service's dense statement in the caller's transaction: settings, the scan {@code policy} chooses, rows. */
    private static List<RetrievedChunk> dense(
            Connection conn,
            UUID collection,
            String model,
            PGvector v,
            int limit,
            int efSearch,
            VectorScan.Policy policy)
            throws SQLException {
        VectorScan scan = PgVectorRetriever.prepare(conn, collection, v.toArray().length, efSearch, 20000, policy);
        return PgVectorRetriever.query(conn, collection, model, v, limit, SearchFilters.NONE, scan);
    }

    /** The same work with the BM25 statement on a second connection, concurrent with embed + ANN. */
    private static void rawParallel(
            Connection conn, Connection keywordConn, UUID collection, String query, OnnxBgeSmallEmbedder embedder)
            throws Exception {
        CompletableFuture<List<RetrievedChunk>> keyword = CompletableFuture.supplyAsync(
                () -> {
                    try {
                        return PgKeywordRetriever.bm25(
                                keywordConn, collection, query, POOL, SearchFilters.NONE, BM25, FREQUENT);
                    } catch (SQLException e) {
                        throw new IllegalStateException(e);
                    }
                },
                KEYWORD_THREAD);
        PGvector v = new PGvector(embedder.embedQuery(query));
        conn.setAutoCommit(false);
        dense(
                conn,
                collection,
                embedder.modelId(),
                v,
                POOL,
                PgVectorRetriever.efSearch(POOL, EF_FACTOR, MIN_EF),
                SCANS);
        conn.commit();
        conn.setAutoCommit(true);
        keyword.get();
    }

    /** Recall of a bounded BM25 statement against the exhaustive one, and its own latency. */
    record Bm25Figures(double recallAt10, double recallAtPool, double p50Ms, double p95Ms) {}

    /**
     * How much of the exhaustive BM25 top-10 and top-pool the bounded statement returns (ADR 0014), and what the
     * statement costs alone (one query at a time, after {@link #run}'s warm-up): for the service's settings and,
     * when those have a budget per query, for the same bound per lexeme without it. Both run query by query, so both
     * see the same machine.
     */
    private static Bm25Figures[] bm25Figures(Connection conn, UUID collection, List<String> queries)
            throws SQLException {
        List<PgKeywordRetriever.Bm25Settings> variants = BM25.postingsPerQuery() > 0
                ? List.of(BM25, new PgKeywordRetriever.Bm25Settings(0.9, 0.4, "english", BM25.postingsPerTerm(), 0))
                : List.of(BM25);
        int n = variants.size();
        int[] found10 = new int[n];
        int[] foundPool = new int[n];
        double[][] ms = new double[n][queries.size()];
        int total10 = 0;
        int totalPool = 0;
        for (int q = 0; q < queries.size(); q++) {
            String query = queries.get(q);
            List<Long> exact = ids(PgKeywordRetriever.bm25(
                    conn, collection, query, POOL, SearchFilters.NONE, BM25.exhaustive(), FREQUENT));
            Set<Long> exact10 = new HashSet<>(exact.subList(0, Math.min(TOP_K, exact.size())));
            Set<Long> exactPool = new HashSet<>(exact);
            total10 += exact10.size();
            totalPool += exactPool.size();
            for (int v = 0; v < n; v++) {
                long t0 = System.nanoTime();
                List<Long> bounded = ids(PgKeywordRetriever.bm25(
                        conn, collection, query, POOL, SearchFilters.NONE, variants.get(v), FREQUENT));
                ms[v][q] = (System.nanoTime() - t0) / 1e6;
                found10[v] += (int) bounded.subList(0, Math.min(TOP_K, bounded.size())).stream()
                        .filter(exact10::contains)
                        .count();
                foundPool[v] +=
                        (int) bounded.stream().filter(exactPool::contains).count();
            }
        }
        Bm25Figures[] out = new Bm25Figures[n];
        for (int v = 0; v < n; v++) {
            out[v] = new Bm25Figures(
                    total10 == 0 ? 1 : (double) found10[v] / total10,
                    totalPool == 0 ? 1 : (double) foundPool[v] / totalPool,
                    percentile(ms[v], 50),
                    percentile(ms[v], 95));
        }
        return out;
    }

    private static List<Long> ids(List<RetrievedChunk> hits) {
        return hits.stream().map(RetrievedChunk::chunkId).toList();
    }

    private static double recall(
            Connection conn,
            UUID collection,
            List<String> queries,
            OnnxBgeSmallEmbedder embedder,
            int limit,
            int efSearch)
            throws SQLException {
        int found = 0;
        int total = 0;
        for (String q : queries) {
            PGvector v = new PGvector(embedder.embedQuery(q));
            conn.setAutoCommit(false);
            // the index's recall, whatever scan the service would choose for this collection
            List<RetrievedChunk> ann =
                    dense(conn, collection, embedder.modelId(), v, limit, efSearch, VectorScan.Policy.NEVER_EXACT);
            conn.commit();
            Set<Long> exact = new HashSet<>();
            try (Statement st = conn.createStatement()) {
                st.execute("SET LOCAL enable_indexscan = off");
                st.execute("SET LOCAL enable_bitmapscan = off");
            }
            try (PreparedStatement ps = conn.prepareStatement(
                    "SELECT id FROM chunk WHERE collection_id = ? ORDER BY embedding <=> ? , id LIMIT ?")) {
                ps.setObject(1, collection);
                ps.setObject(2, v);
                ps.setInt(3, TOP_K);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        exact.add(rs.getLong(1));
                    }
                }
            }
            conn.commit();
            conn.setAutoCommit(true);
            for (RetrievedChunk c : ann.subList(0, Math.min(TOP_K, ann.size()))) {
                if (exact.contains(c.chunkId())) {
                    found++;
                }
            }
            total += exact.size();
        }
        return total == 0 ? 0 : (double) found / total;
    }

    private UUID collection(Connection conn, String name, String model) throws Exception {
        try (PreparedStatement ps =
                conn.prepareStatement("SELECT id FROM collection WHERE name = ? AND deleted_at IS NULL")) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    return rs.getObject(1, UUID.class);
                }
            }
        }
        HttpResponse<String> r = http.send(
                HttpRequest.newBuilder(URI.create(url + "/v1/collections"))
                        .header("Content-Type", "application/json")
                        .header("Authorization", bearer())
                        .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(Map.of("name", name))))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 201) {
            throw new IllegalStateException("creating the bench collection answered " + r.statusCode());
        }
        return UUID.fromString(JSON.readTree(r.body()).path("id").asText());
    }

    private static long count(Connection conn, UUID collection) throws SQLException {
        try (PreparedStatement ps = conn.prepareStatement("SELECT count(*) FROM chunk WHERE collection_id = ?")) {
            ps.setObject(1, collection);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /**
     * Base rows: SciFact documents with their real embeddings (reused from any SciFact chunks already stored, else
     * embedded here); then chunks {@code text_i + text_j} with vector {@code normalise(v_i + v_j)} (or
     * {@code 2 v_i + v_j}), generated in SQL in batches.
     */
    private static void load(Connection conn, UUID collection, int chunks, Path dataset, OnnxBgeSmallEmbedder embedder)
            throws Exception {
        long have = count(conn, collection);
        if (have >= chunks) {
            System.out.printf("reusing %d loaded chunks%n", have);
            return;
        }
        long t0 = System.nanoTime();
        try (Statement st = conn.createStatement()) {
            st.execute("CREATE TEMP TABLE IF NOT EXISTS bench_base (id serial PRIMARY KEY, text text NOT NULL,"
                    + " embedding vector(384) NOT NULL)");
        }
        int bases = baseCount(conn);
        if (bases < 1000) {
            try (Statement st = conn.createStatement()) {
                st.executeUpdate("INSERT INTO bench_base (text, embedding) SELECT c.text, c.embedding FROM chunk c"
                        + " JOIN collection k ON k.id = c.collection_id WHERE k.name LIKE 'eval-scifact%'"
                        + " AND k.deleted_at IS NULL"
                        + " ORDER BY c.id LIMIT 5000");
            }
            bases = baseCount(conn);
        }
        if (bases < 1000) {
            embedBases(conn, dataset, embedder, 2000);
            bases = baseCount(conn);
        }
        System.out.printf("%d base rows (text + real embedding)%n", bases);
        if (bases == 0) {
            throw new IllegalStateException("no base rows");
        }
        int batch = 10_000;
        for (long done = have; done < chunks; done += batch) {
            int n = (int) Math.min(batch, chunks - done);
            conn.setAutoCommit(false);
            try (PreparedStatement ps = conn.prepareStatement("""
                    WITH g AS (
                        SELECT s AS seq, gen_random_uuid() AS doc,
                               1 + (hashint4(s::int) & 2147483647) % ? AS a,
                               1 + (hashint4(s::int * 31 + 7) & 2147483647) % ? AS b
                        FROM generate_series(?::bigint, ?::bigint) s),
                    docs AS (
                        INSERT INTO document (id, collection_id, external_id, title, content_sha256, status, media_type)
                        SELECT doc, ?, 'bench-' || seq, 'bench ' || seq, 'x', 'succeeded', 'text/plain' FROM g
                        RETURNING id)
                    INSERT INTO chunk (document_id, collection_id, ordinal, text, token_count, char_start, char_end,
                                       embedding)
                    SELECT g.doc, ?, 0, x.text || ' ' || left(y.text, 300), 200, 0,
                           length(x.text) + 1 + length(left(y.text, 300)),
                           l2_normalize(CASE WHEN g.seq % 2 = 0 THEN x.embedding + y.embedding
                                             ELSE x.embedding + x.embedding + y.embedding END)
                    FROM g JOIN bench_base x ON x.id = g.a JOIN bench_base y ON y.id = g.b
                    """)) {
                ps.setInt(1, bases);
                ps.setInt(2, bases);
                ps.setLong(3, done + 1);
                ps.setLong(4, done + n);
                ps.setObject(5, collection);
                ps.setObject(6, collection);
                ps.executeUpdate();
            }
            conn.commit();
            conn.setAutoCommit(true);
            System.out.printf(
                    Locale.ROOT, "loaded %d/%d chunks (%.0f s)%n", done + n, chunks, (System.nanoTime() - t0) / 1e9);
        }
        try (Statement st = conn.createStatement()) {
            st.execute("ANALYZE chunk");
            st.execute("ANALYZE chunk_term");
            st.execute("VACUUM (ANALYZE) chunk_term");
        }
    }

    private static int baseCount(Connection conn) throws SQLException {
        try (Statement st = conn.createStatement();
                ResultSet rs = st.executeQuery("SELECT count(*) FROM bench_base")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    private static void embedBases(Connection conn, Path dataset, OnnxBgeSmallEmbedder embedder, int max)
            throws Exception {
        List<String> texts = new ArrayList<>();
        try (BufferedReader r = Files.newBufferedReader(dataset.resolve("corpus.jsonl"))) {
            String line;
            while ((line = r.readLine()) != null && texts.size() < max) {
                JsonNode doc = JSON.readTree(line);
                String text =
                        (doc.path("title").asText() + ". " + doc.path("text").asText()).trim();
                texts.add(text.length() > 1200 ? text.substring(0, 1200) : text);
            }
        }
        System.out.printf("embedding %d SciFact documents as base vectors%n", texts.size());
        try (PreparedStatement ps = conn.prepareStatement("INSERT INTO bench_base (text, embedding) VALUES (?, ?)")) {
            for (int i = 0; i < texts.size(); i += 32) {
                List<String> part = texts.subList(i, Math.min(texts.size(), i + 32));
                List<float[]> vectors = embedder.embedPassages(part);
                for (int j = 0; j < part.size(); j++) {
                    ps.setString(1, part.get(j));
                    ps.setObject(2, new PGvector(vectors.get(j)));
                    ps.addBatch();
                }
                ps.executeBatch();
            }
        }
    }

    private static List<String> readQueries(Path file, int max) throws IOException {
        List<String> out = new ArrayList<>();
        try (BufferedReader r = Files.newBufferedReader(file)) {
            String line;
            while ((line = r.readLine()) != null && out.size() < max) {
                out.add(JSON.readTree(line).path("text").asText());
            }
        }
        return out;
    }

    static double percentile(double[] values, double p) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    private static String env(String name, String fallback) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? fallback : v;
    }

    /** The admin key the launcher passes in (DOCENT_API_KEY). */
    private static String bearer() {
        return "Bearer " + System.getenv().getOrDefault("DOCENT_API_KEY", "");
    }
}
