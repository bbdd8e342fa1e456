package dev.docent.ingest.embed;

import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static dev.docent.ingest.embed.EmbeddingStubs.axis;
import static dev.docent.ingest.embed.EmbeddingStubs.error;
import static dev.docent.ingest.embed.EmbeddingStubs.inputs;
import static dev.docent.ingest.embed.EmbeddingStubs.ollama;
import static dev.docent.ingest.embed.EmbeddingStubs.ollamaReply;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.pgvector.PGvector;
import dev.docent.ingest.service.IngestionPipeline;
import dev.docent.retrieve.store.PgVectorRetriever;
import dev.docent.testsupport.Collections;
import dev.docent.testsupport.PostgresTestResource;
import dev.docent.testsupport.WireMockResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Changing a collection's embedding model on real PostgreSQL: the background job re-embeds every chunk while searches
 * keep answering from the old vectors, uploads made meanwhile are not left behind, the swap is atomic and leaves
 * exact chunk counts (BM25 untouched), and a failure mid-way keeps the old model.
 */
@QuarkusTest
@TestProfile(EmbeddingProvidersProfile.class)
@QuarkusTestResource(value = PostgresTestResource.class, restrictToAnnotatedClass = false)
class ReEmbeddingTest {
    static final String BGE = "bge-small-en-v1.5-q";
    static final String MINILM = "all-minilm-l6-v2-q";
    static final Map<String, String> TOPICS = Map.of(
            "volcano.txt",
                    "Volcanoes erupt when magma rises through the crust and lava flows down the mountain slopes.",
            "bread.txt", "To bake sourdough bread, feed the starter, knead the dough and let it rise overnight.",
            "tennis.txt", "A tennis match is won by the player who first takes three sets, each of six games.");

    @Inject
    DataSource db;

    @Inject
    EmbeddingModels models;

    @Inject
    CircuitBreakerMaintenance breakers;

    WireMockServer wm = WireMockResource.server();

    @BeforeEach
    void reset() {
        wm.resetAll();
        breakers.resetAll();
    }

    @Test
    void switchingToMiniLmReEmbedsEveryChunkAndSwapsAtomically() throws Exception {
        String c = Collections.create();
        Map<String, String> docs = new java.util.HashMap<>();
        TOPICS.forEach((name, text) ->
                docs.put(name, Collections.uploadText(c, name, text).getString("id")));
        assertThat(model(c)).isEqualTo(BGE);
        long chunks = count("SELECT count(*) FROM chunk WHERE collection_id = ?::uuid", c);
        long postings = count("SELECT count(*) FROM chunk_term WHERE collection_id = ?::uuid", c);
        long statsChunks = count("SELECT sum(chunk_count) FROM collection_term_stats WHERE collection_id = ?::uuid", c);
        float[] before = embeddingOf(docs.get("volcano.txt"));
        // searched before the swap: this replica remembers bge for the collection and embeds the next query with it
        // while it reads the active model, which must then win
        assertThat(topHit(c, "how does lava come out of a mountain")).isEqualTo(docs.get("volcano.txt"));
        // as V15 leaves a collection from before V14: the swap writes every vector again, inline
        assertThat(count(
                        "WITH u AS (UPDATE collection SET vectors_inline = false WHERE id = ?::uuid RETURNING 1)"
                                + " SELECT count(*) FROM u",
                        c))
                .isEqualTo(1);

        JsonPath job = patch(c, MINILM, 202);
        JsonPath done = awaitJob(job.getString("id"));

        assertThat(done.getString("state")).isEqualTo("succeeded");
        assertThat(done.getInt("chunksDone")).isEqualTo((int) chunks);
        assertThat(model(c)).isEqualTo(MINILM);
        assertThat(count("SELECT count(*) FROM collection WHERE id = ?::uuid AND vectors_inline", c))
                .isEqualTo(1);
        assertThat(count("SELECT count(*) FROM chunk WHERE collection_id = ?::uuid", c))
                .isEqualTo(chunks);
        assertThat(count(
                        "SELECT count(*) FROM chunk WHERE collection_id = ?::uuid AND embedding_model <> '" + MINILM
                                + "'",
                        c))
                .isZero();
        assertThat(count("SELECT count(*) FROM chunk_embedding_next WHERE collection_id = ?::uuid", c))
                .isZero();
        // chunks were not duplicated, so BM25 postings and statistics are exactly what they were
        assertThat(count("SELECT count(*) FROM chunk_term WHERE collection_id = ?::uuid", c))
                .isEqualTo(postings);
        assertThat(count("SELECT sum(chunk_count) FROM collection_term_stats WHERE collection_id = ?::uuid", c))
                .isEqualTo(statsChunks);

        // the stored vector is MiniLM's embedding of the same text (title + chunk), not bge's
        float[] after = embeddingOf(docs.get("volcano.txt"));
        float[] expected = models.forModel(MINILM)
                .embedPassages(List.of(embeddingTextOf(docs.get("volcano.txt"))))
                .get(0);
        assertThat(cosine(after, expected)).isGreaterThan(0.999);
        assertThat(cosine(after, before)).isLessThan(0.99);

        // search now embeds the query with MiniLM and finds the documents
        assertThat(topHit(c, "how does lava come out of a mountain")).isEqualTo(docs.get("volcano.txt"));
        assertThat(topHit(c, "baking with a sourdough starter")).isEqualTo(docs.get("bread.txt"));

        patch(c, MINILM, 200);
        // changing the model is for collection admins: a writer of the collection is refused
        String writer = "writer-" + UUID.randomUUID();
        String key = dev.docent.security.SecurityTest.key(writer, List.of("write"), List.of());
        given().contentType(ContentType.JSON)
                .body(Map.of("principal", "user:" + writer, "role", "writer"))
                .put("/v1/collections/{c}/members", c)
                .then()
                .statusCode(200);
        given().header("Authorization", "Bearer " + key)
                .contentType(ContentType.JSON)
                .body(Map.of("embeddingModel", BGE))
                .patch("/v1/collections/{c}", c)
                .then()
                .statusCode(403)
                .body("code", org.hamcrest.Matchers.equalTo("forbidden"));
        given().contentType(ContentType.JSON)
                .body(Map.of("embeddingModel", "no-such-model"))
                .patch("/v1/collections/{c}", c)
                .then()
                .statusCode(400)
                .body("code", org.hamcrest.Matchers.equalTo("validation_failed"));
    }

    @Test
    void searchesKeepAnsweringDuringReEmbeddingAndNewUploadsAreNotLeftBehind() throws Exception {
        String c = Collections.create();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            ids.add(Collections.uploadText(
                            c,
                            "note-" + i + ".txt",
                            "Volcano field note number " + i + ": the lava lake glowed red all night.")
                    .getString("id"));
        }
        // the remote model answers slowly: every batch of two takes 1.2 s, so the job runs for several seconds
        wm.stubFor(inputs(ollama(), 2).willReturn(ollamaReply(axis(0), axis(0)).withFixedDelay(1200)));
        wm.stubFor(inputs(ollama(), 1).willReturn(ollamaReply(axis(0)).withFixedDelay(1200)));

        JsonPath job = patch(c, EmbeddingProvidersProfile.OLLAMA, 202);
        String jobId = job.getString("id");
        // a second change while one runs is refused
        given().contentType(ContentType.JSON)
                .body(Map.of("embeddingModel", MINILM))
                .patch("/v1/collections/{c}", c)
                .then()
                .statusCode(409)
                .body("code", org.hamcrest.Matchers.equalTo("conflict"));
        // an upload while the job runs (it may commit before or after the swap: either way it must end up re-embedded)
        var late = java.util.concurrent.CompletableFuture.supplyAsync(
                () -> Collections.uploadText(c, "late.txt", "A late volcano note about ash clouds over the island.")
                        .getString("id"));

        int searchesDuring = 0;
        JsonPath state = job(jobId);
        while (!state.getBoolean("terminal")) {
            List<String> hits = hits(c, "lava lake");
            assertThat(hits).isNotEmpty();
            state = job(jobId);
            if (!state.getBoolean("terminal")) {
                // this search ended before the swap: it was answered by the old (bge) vectors and query embedding,
                // so no query has been sent to the new model yet
                searchesDuring++;
                assertThat(wm.findAll(postRequestedFor(urlEqualTo("/ollama/api/embed"))
                                .withRequestBody(matchingJsonPath("$.input", containing("search_query: ")))))
                        .isEmpty();
            }
        }
        assertThat(searchesDuring).isPositive();
        // (the last search of the loop may have run after the swap, so only the searches checked inside the loop
        // are known to have been answered by the old model)
        String lateId = late.get(5, java.util.concurrent.TimeUnit.MINUTES);

        assertThat(state.getString("state")).isEqualTo("succeeded");
        assertThat(model(c)).isEqualTo(EmbeddingProvidersProfile.OLLAMA);
        assertThat(count(
                        "SELECT count(*) FROM chunk WHERE collection_id = ?::uuid AND embedding_model <> '"
                                + EmbeddingProvidersProfile.OLLAMA + "'",
                        c))
                .isZero();
        assertThat(count("SELECT count(DISTINCT document_id) FROM chunk WHERE collection_id = ?::uuid", c))
                .isEqualTo(11);
        assertThat(wm.findAll(postRequestedFor(urlEqualTo("/ollama/api/embed"))
                        .withRequestBody(matchingJsonPath("$.input", containing("late volcano note")))))
                .isNotEmpty();

        // after the swap the query goes to the new model, and every document is found
        List<String> hits = hits(c, "lava lake");
        wm.verify(postRequestedFor(urlEqualTo("/ollama/api/embed"))
                .withRequestBody(equalToJson("{\"model\":\"nomic-test\",\"input\":[\"search_query: lava lake\"]}")));
        assertThat(hits).contains(lateId).containsAll(ids);
    }

    @Test
    void aFailureMidWayKeepsTheOldModelAndDropsTheNewVectors() throws Exception {
        String c = Collections.create();
        for (int i = 0; i < 4; i++) {
            Collections.uploadText(c, "f-" + i + ".txt", "Bread recipe " + i + ": flour, water, salt and time.");
        }
        long chunks = count("SELECT count(*) FROM chunk WHERE collection_id = ?::uuid", c);
        wm.stubFor(ollama().inScenario("dies")
                .whenScenarioStateIs(Scenario.STARTED)
                .willReturn(ollamaReply(axis(1), axis(1)))
                .willSetStateTo("broken"));
        wm.stubFor(ollama().inScenario("dies")
                .whenScenarioStateIs("broken")
                .willReturn(error(400, "{\"error\":\"model nomic-test not found\"}")));

        JsonPath done = awaitJob(patch(c, EmbeddingProvidersProfile.OLLAMA, 202).getString("id"));

        assertThat(done.getString("state")).isEqualTo("failed");
        assertThat(done.getString("documents[0].errorCode")).isEqualTo("unavailable");
        assertThat(model(c)).isEqualTo(BGE);
        assertThat(count(
                        "SELECT count(*) FROM chunk WHERE collection_id = ?::uuid AND embedding_model = '" + BGE + "'",
                        c))
                .isEqualTo(chunks);
        assertThat(count("SELECT count(*) FROM chunk_embedding_next WHERE collection_id = ?::uuid", c))
                .isZero();
        assertThat(hits(c, "how do I make bread")).isNotEmpty();
    }

    @Test
    void switchingBackToTheModelInUseCancelsTheReEmbedding() throws Exception {
        // it answered "already on this model" and the job switched the collection to the other model all the same
        String c = Collections.create();
        for (int i = 0; i < 4; i++) {
            Collections.uploadText(c, "k-" + i + ".txt", "Kneading dough " + i + ": ten minutes by hand.");
        }
        wm.stubFor(ollama().willReturn(ollamaReply(axis(3), axis(3)).withFixedDelay(1500)));
        String job = patch(c, EmbeddingProvidersProfile.OLLAMA, 202).getString("id");
        long deadline = System.currentTimeMillis() + 10_000;
        while (wm.findAll(postRequestedFor(urlEqualTo("/ollama/api/embed"))).isEmpty()
                && System.currentTimeMillis() < deadline) {
            Thread.sleep(50);
        }

        assertThat(patch(c, BGE, 200).getString("embeddingModel")).isEqualTo(BGE);

        JsonPath done = awaitJob(job);
        assertThat(done.getString("state")).isEqualTo("failed");
        assertThat(done.getString("documents[0].errorCode")).isEqualTo("cancelled");
        Thread.sleep(2000); // the batch in flight when it was cancelled comes back and must stage nothing
        assertThat(model(c)).isEqualTo(BGE);
        assertThat(count("SELECT count(*) FROM chunk_embedding_next WHERE collection_id = ?::uuid", c))
                .isZero();
        assertThat(hits(c, "how long do I knead dough")).isNotEmpty();
        // and the collection may be re-embedded again
        wm.resetAll();
        wm.stubFor(ollama().willReturn(ollamaReply(axis(3), axis(3))));
        assertThat(awaitJob(patch(c, EmbeddingProvidersProfile.OLLAMA, 202).getString("id"))
                        .getString("state"))
                .isEqualTo("succeeded");
    }

    @Test
    void anEndpointOutageIsWaitedOutWithoutUsingUpTheAttempts() throws Exception {
        // a 20 s outage failed every queued document and a whole re-embedding: 3 attempts, 5 s apart (here 1)
        String c = Collections.create();
        for (int i = 0; i < 2; i++) { // one batch: the breaker (4 calls here) counts 3 failures and a success
            Collections.uploadText(c, "o-" + i + ".txt", "Oven temperature " + i + ": hot enough for bread.");
        }
        String state = Scenario.STARTED;
        for (int i = 1; i <= 3; i++) { // one call's three tries, all 503
            wm.stubFor(ollama().inScenario("outage")
                    .whenScenarioStateIs(state)
                    .willReturn(error(503, "{\"error\":\"loading\"}"))
                    .willSetStateTo("down-" + i));
            state = "down-" + i;
        }
        wm.stubFor(ollama().inScenario("outage").whenScenarioStateIs(state).willReturn(ollamaReply(axis(2), axis(2))));

        JsonPath done = awaitJob(patch(c, EmbeddingProvidersProfile.OLLAMA, 202).getString("id"));

        assertThat(done.getString("state")).isEqualTo("succeeded");
        assertThat(model(c)).isEqualTo(EmbeddingProvidersProfile.OLLAMA);
        assertThat(wm.findAll(postRequestedFor(urlEqualTo("/ollama/api/embed"))))
                .hasSizeGreaterThan(3);
    }

    @Test
    void aResumedReEmbeddingKeepsVectorsItAlreadyCommittedAndDropsAnotherModelsLeftovers() throws Exception {
        String c = Collections.create();
        String a = Collections.uploadText(c, "a.txt", "Glaciers carve valleys as the ice slowly flows downhill.")
                .getString("id");
        String b = Collections.uploadText(c, "b.txt", "Comets grow bright tails of gas and dust near the sun.")
                .getString("id");
        long chunkA = firstChunk(a);
        long chunkB = firstChunk(b);
        // what a run killed with -9 left: one committed MiniLM vector, and a row of an abandoned other model
        try (Connection conn = db.getConnection();
                PreparedStatement ps = conn.prepareStatement("INSERT INTO chunk_embedding_next (chunk_id,"
                        + " collection_id, model, embedding) VALUES (?, ?::uuid, ?, ?)")) {
            ps.setLong(1, chunkA);
            ps.setString(2, c);
            ps.setString(3, MINILM);
            ps.setObject(4, new PGvector(axis(5)));
            ps.executeUpdate();
            ps.setLong(1, chunkB);
            ps.setString(3, EmbeddingProvidersProfile.OLLAMA);
            ps.setObject(4, new PGvector(axis(6)));
            ps.executeUpdate();
        }

        JsonPath done = awaitJob(patch(c, MINILM, 202).getString("id"));

        assertThat(done.getString("state")).isEqualTo("succeeded");
        assertThat(embeddingOf(a)[5]).isEqualTo(1f); // reused, not embedded again
        float[] expected = models.forModel(MINILM)
                .embedPassages(List.of(embeddingTextOf(b)))
                .get(0);
        assertThat(cosine(embeddingOf(b), expected)).isGreaterThan(0.999); // the other model's row was dropped
    }

    @Test
    void theInProcessModelsCountTokensAlikeSoChunksFitWithoutReChunking() {
        try (var bge = new dev.docent.ingest.chunk.HuggingFaceTokenCounter();
                var minilm =
                        new dev.docent.ingest.chunk.HuggingFaceTokenCounter("/all-minilm-l6-v2-q-tokenizer.json")) {
            for (String text : List.of(
                    TOPICS.get("volcano.txt"),
                    "Naïve café owners' résumés (2019-2024): 42% growth, p < 0.05; see https://example.org/x?y=1.",
                    "Hypoxia-inducible factor 1α (HIF-1α) regulates VEGF transcription in tumour cells.")) {
                assertThat(minilm.count(text)).isEqualTo(bge.count(text));
            }
        }
        assertThat(models.spec(BGE).fits(256)).isTrue();
        assertThat(models.spec(EmbeddingProvidersProfile.OPENAI).fits(256)).isTrue();
        // MiniLM's shipped tokenizer truncates at 128 tokens: usable, but it sees only the head of a 256-token chunk
        assertThat(models.spec(MINILM).fits(256)).isFalse();
        assertThat(models.spec(MINILM).truncates()).isTrue();
        String head = "alpha beta ".repeat(150); // 300 word pieces
        String tail = " Lava and ash from the volcano covered the island.".repeat(8);
        Embedder minilm = models.forModel(MINILM);
        Embedder bge = models.forModel(BGE);
        assertThat(cosine(
                        minilm.embedPassages(List.of(head)).get(0),
                        minilm.embedPassages(List.of(head + tail)).get(0)))
                .isGreaterThan(0.9999);
        assertThat(cosine(
                        bge.embedPassages(List.of(head)).get(0),
                        bge.embedPassages(List.of(head + tail)).get(0)))
                .isLessThan(0.99);
    }

    @Test
    void theVectorSearchUsesThePartialHnswIndexOfItsDimension() throws Exception {
        String c = Collections.create();
        Collections.uploadText(c, "idx.txt", "Index usage note.");
        float[] q = models.forModel(BGE).embedQuery("index");
        try (Connection conn = db.getConnection()) {
            conn.setAutoCommit(false);
            try (Statement st = conn.createStatement()) {
                // as on a large collection, where reading all its chunks and sorting them loses to the ANN index
                st.execute("SET LOCAL enable_seqscan = off");
                st.execute("SET LOCAL enable_bitmapscan = off");
                st.execute("SET LOCAL enable_sort = off");
                st.execute("SET LOCAL hnsw.iterative_scan = relaxed_order");
            }
            String sql = "EXPLAIN " + PgVectorRetriever.sql(384, "TRUE");
            StringBuilder plan = new StringBuilder();
            try (PreparedStatement ps = conn.prepareStatement(sql)) {
                ps.setObject(1, new PGvector(q));
                ps.setObject(2, UUID.fromString(c));
                ps.setString(3, BGE);
                ps.setObject(4, new PGvector(q));
                ps.setInt(5, 10);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        plan.append(rs.getString(1)).append('\n');
                    }
                }
            }
            conn.rollback();
            assertThat(plan.toString()).contains("Index Scan using chunk_embedding_384_hnsw_idx");
        }
    }

    static JsonPath patch(String c, String model, int status) {
        return given().contentType(ContentType.JSON)
                .body(Map.of("embeddingModel", model))
                .patch("/v1/collections/{c}", c)
                .then()
                .statusCode(status)
                .extract()
                .jsonPath();
    }

    static JsonPath job(String id) {
        return given().get("/v1/jobs/{id}", id).then().statusCode(200).extract().jsonPath();
    }

    static JsonPath awaitJob(String id) throws InterruptedException {
        long deadline = System.nanoTime() + 180_000_000_000L;
        JsonPath j = job(id);
        while (!j.getBoolean("terminal") && System.nanoTime() < deadline) {
            Thread.sleep(100);
            j = job(id);
        }
        return j;
    }

    static List<String> hits(String c, String query) {
        return given().contentType(ContentType.JSON)
                .body(Map.of("query", query, "topK", 20, "mode", "vector", "rerank", false))
                .post("/v1/collections/{c}/search", c)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("hits.documentId", String.class);
    }

    static String topHit(String c, String query) {
        return hits(c, query).get(0);
    }

    String model(String c) throws Exception {
        try (Connection conn = db.getConnection();
                PreparedStatement ps =
                        conn.prepareStatement("SELECT embedding_model FROM collection WHERE id = ?::uuid")) {
            ps.setString(1, c);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getString(1);
            }
        }
    }

    long count(String sql, String c) throws Exception {
        try (Connection conn = db.getConnection();
                PreparedStatement ps = conn.prepareStatement(sql)) {
            ps.setString(1, c);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    float[] embeddingOf(String documentId) throws Exception {
        try (Connection conn = db.getConnection();
                PreparedStatement ps = conn.prepareStatement(
                        "SELECT embedding FROM chunk WHERE document_id = ?::uuid ORDER BY ordinal LIMIT 1")) {
            ps.setString(1, documentId);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return new PGvector(rs.getString(1)).toArray();
            }
        }
    }

    /** What ingestion embedded for the document's first chunk: title, headings and text as stored. */
    String embeddingTextOf(String documentId) throws Exception {
        try (Connection conn = db.getConnection();
                PreparedStatement ps =
                        conn.prepareStatement("SELECT d.title, c.heading_path, c.text, c.table_header FROM chunk c"
                                + " JOIN document d ON d.id = c.document_id WHERE c.document_id = ?::uuid ORDER BY c.ordinal"
                                + " LIMIT 1")) {
            ps.setString(1, documentId);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                List<String> headings = java.util.Arrays.stream(
                                (Object[]) rs.getArray(2).getArray())
                        .map(String::valueOf)
                        .toList();
                return IngestionPipeline.embeddingText(rs.getString(1), headings, rs.getString(4), rs.getString(3));
            }
        }
    }

    long firstChunk(String documentId) throws Exception {
        try (Connection conn = db.getConnection();
                PreparedStatement ps = conn.prepareStatement(
                        "SELECT id FROM chunk WHERE document_id = ?::uuid ORDER BY ordinal LIMIT 1")) {
            ps.setString(1, documentId);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    static double cosine(float[] a, float[] b) {
        double dot = 0;
        double na = 0;
        double nb = 0;
        for (int i = 0; i < a.length; i++) {
            dot += a[i] * b[i];
            na += a[i] * a[i];
            nb += b[i] * b[i];
        }
        return dot / Math.sqrt(na * nb);
    }
}
