package dev.docent.ingest.queue;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.docent.ingest.service.DocumentStore;
import dev.docent.ingest.service.IngestionPipeline;
import dev.docent.ingest.service.ItemCommitter;
import dev.docent.ingest.service.JobService;
import dev.docent.testsupport.PostgresTestResource;
import dev.docent.testsupport.SharedData;
import dev.docent.testsupport.Sql;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/** The durable queue end to end on real PostgreSQL, with real parsing and real embeddings. */
@QuarkusTest
@QuarkusTestResource(value = PostgresTestResource.class, restrictToAnnotatedClass = false)
class IngestionJobTest {
    private static final Duration WAIT = Duration.ofMinutes(3);

    @Inject
    DataSource db;

    @Inject
    JobService jobs;

    @Inject
    JobQueue queue;

    @Inject
    ItemCommitter committer;

    @Inject
    IngestionPipeline pipeline;

    static String newCollection() {
        return given().contentType(ContentType.JSON)
                .body(Map.of("name", "jobs-" + UUID.randomUUID()))
                .post("/v1/collections")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
    }

    static Path textFile(String name, String text) throws Exception {
        Path file = Files.createTempDirectory("docent-job").resolve(name);
        Files.writeString(file, text);
        return file;
    }

    JsonPath awaitJob(String jobId) {
        jobs.await(UUID.fromString(jobId), WAIT);
        return given().get("/v1/jobs/{id}", jobId)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
    }

    @Test
    void manyFilesReturn202AndTheJobReportsPerDocumentResults() throws Exception {
        String c = newCollection();
        File good = textFile("solar.txt", "Solar panels on the depot roof produce 40 kW at noon.\n")
                .toFile();
        File html = SharedData.tikaFile("html/test.html").toFile();
        File encrypted = SharedData.tikaFile("pdf/testPassword4Spaces.pdf").toFile();
        JsonPath accepted = given().multiPart("file", good)
                .multiPart("file", html)
                .multiPart("file", encrypted)
                .post("/v1/collections/{c}/documents", c)
                .then()
                .statusCode(202)
                .header("Location", org.hamcrest.Matchers.containsString("/v1/jobs/"))
                .extract()
                .jsonPath();
        assertThat(accepted.getInt("documentsTotal")).isEqualTo(3);

        JsonPath job = awaitJob(accepted.getString("id"));
        assertThat(job.getString("state")).isEqualTo("partially_failed");
        assertThat(job.getBoolean("terminal")).isTrue();
        assertThat(job.getInt("documentsSucceeded")).isEqualTo(2);
        assertThat(job.getInt("documentsFailed")).isEqualTo(1);
        assertThat(job.getInt("chunksTotal")).isPositive().isEqualTo(job.getInt("chunksDone"));
        Map<String, String> codes = job.<Map<String, Object>>getList("documents").stream()
                .collect(Collectors.toMap(d -> (String) d.get("fileName"), d -> String.valueOf(d.get("errorCode"))));
        assertThat(codes)
                .containsEntry("testPassword4Spaces.pdf", "encrypted")
                .containsEntry("solar.txt", "null")
                .containsEntry("test.html", "null");
        int chunksInDb = count("SELECT count(*) FROM chunk WHERE collection_id = ?::uuid", c);
        assertThat(chunksInDb).isEqualTo(job.getInt("chunksTotal"));

        // a large job's full list is large and events repeat it: a client may ask for the failed ones or none
        String id = accepted.getString("id");
        JsonPath failed = given().get("/v1/jobs/{id}?documents=failed", id)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertThat(failed.getList("documents.fileName")).containsExactly("testPassword4Spaces.pdf");
        assertThat(failed.getInt("documentsSucceeded")).isEqualTo(2);
        JsonPath none = given().get("/v1/jobs/{id}?documents=none", id)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertThat(none.getList("documents")).isEmpty();
        assertThat(none.getInt("documentsTotal")).isEqualTo(3);
        given().get("/v1/jobs/{id}?documents=some", id)
                .then()
                .statusCode(400)
                .body("code", org.hamcrest.Matchers.equalTo("validation_failed"));
        String events = given().accept("text/event-stream")
                .get("/v1/jobs/{id}/events?documents=none", id)
                .then()
                .statusCode(200)
                .extract()
                .asString();
        assertThat(events).contains("\"documents\":[]").doesNotContain("solar.txt");
    }

    @Test
    void eventsStreamProgressUntilTheJobIsTerminal() throws Exception {
        String c = newCollection();
        File file = SharedData.tikaFile("pdf/testJournalParser.pdf").toFile();
        String jobId = given().multiPart("file", file)
                .post("/v1/collections/{c}/documents", c)
                .then()
                .statusCode(202)
                .extract()
                .path("id");
        String body = given().accept("text/event-stream")
                .get("/v1/jobs/{id}/events", jobId)
                .then()
                .statusCode(200)
                .extract()
                .asString();
        List<String> events = body.lines()
                .filter(l -> l.startsWith("data:"))
                .map(l -> l.substring(5).strip())
                .toList();
        assertThat(events).isNotEmpty();
        JsonPath last = new JsonPath(events.get(events.size() - 1));
        assertThat(last.getString("state")).isEqualTo("succeeded");
        assertThat(last.getBoolean("terminal")).isTrue();
        given().get("/v1/jobs/{id}", UUID.randomUUID()).then().statusCode(404);
    }

    @Test
    void eventsCarryOnlyTheDocumentsThatChangedAndTogetherTheWholeList() {
        String c = newCollection();
        var upload = given().multiPart("file", "a.txt", "Alpha is the first letter.".getBytes(StandardCharsets.UTF_8));
        for (String name : List.of("b.txt", "c.txt", "d.txt")) {
            upload = upload.multiPart(
                    "file", name, ("The file " + name + " says little.").getBytes(StandardCharsets.UTF_8));
        }
        String jobId = upload.post("/v1/collections/{c}/documents", c)
                .then()
                .statusCode(202)
                .extract()
                .path("id");

        List<JsonPath> events = given().accept("text/event-stream")
                .get("/v1/jobs/{id}/events", jobId)
                .then()
                .statusCode(200)
                .extract()
                .asString()
                .lines()
                .filter(l -> l.startsWith("data:"))
                .map(l -> new JsonPath(l.substring(5).strip()))
                .toList();

        // a 1,500-document job repeated its whole list in every event (15 MB in 15 s); now each row comes when it
        // changes: never twice the same, and the rows last seen are the job's final list
        Map<String, Map<String, Object>> seen = new java.util.HashMap<>();
        assertThat(events.get(0).getList("documents")).hasSize(4);
        for (JsonPath e : events) {
            for (Map<String, Object> d : e.<Map<String, Object>>getList("documents")) {
                assertThat(d).isNotEqualTo(seen.get((String) d.get("itemId")));
                seen.put((String) d.get("itemId"), d);
            }
        }
        List<Map<String, Object>> fin =
                given().get("/v1/jobs/{id}", jobId).jsonPath().getList("documents");
        assertThat(fin).hasSize(4);
        assertThat(fin)
                .allSatisfy(d -> assertThat(seen.get((String) d.get("itemId"))).isEqualTo(d));
        assertThat(events.get(events.size() - 1).getString("state")).isEqualTo("succeeded");

        // documents=all repeats the list in every event, as before
        String all = given().accept("text/event-stream")
                .get("/v1/jobs/{id}/events?documents=all", jobId)
                .then()
                .statusCode(200)
                .extract()
                .asString();
        assertThat(all).contains("a.txt", "b.txt", "c.txt", "d.txt");
    }

    @Test
    void anItemWhoseWorkerDiedIsReclaimedAndEndsWithExactlyItsChunks() throws Exception {
        Path file = SharedData.tikaFile("pdf/testJournalParser.pdf");
        int expected = pipeline.run(file, "testJournalParser.pdf").chunks().size();
        String c = newCollection();
        // a worker claimed the document, got as far as embedding, then was killed -9: its lease ran out
        UUID jobId = UUID.randomUUID();
        UUID itemId = UUID.randomUUID();
        try (Connection conn = db.getConnection()) {
            Sql.exec(conn, "INSERT INTO ingestion_job (id, collection_id) VALUES (?, ?::uuid)", jobId, c);
            try (PreparedStatement ps = conn.prepareStatement("INSERT INTO ingestion_item (id, job_id, collection_id,"
                    + " seq, file_name, external_id, content, size_bytes, content_sha256, state, chunks_done,"
                    + " chunks_total, attempts, lease_owner, lease_until, started_at) VALUES (?, ?, ?::uuid, 1,"
                    + " 'testJournalParser.pdf', 'journal', ?, ?, 'sha-of-test', 'embedding', 3, ?, 1, 'killed-worker',"
                    + " now() - interval '1 minute', now() - interval '2 minutes')")) {
                byte[] bytes = Files.readAllBytes(file);
                ps.setObject(1, itemId);
                ps.setObject(2, jobId);
                ps.setString(3, c);
                ps.setBytes(4, bytes);
                ps.setLong(5, bytes.length);
                ps.setInt(6, expected);
                ps.executeUpdate();
            }
        }
        JsonPath job = awaitJob(jobId.toString());
        assertThat(job.getString("state")).isEqualTo("succeeded");
        assertThat(job.getInt("documents[0].attempts")).isEqualTo(2);
        assertThat(job.getString("documents[0].outcome")).isEqualTo("created");
        assertThat(count("SELECT count(*) FROM chunk WHERE collection_id = ?::uuid", c))
                .isEqualTo(expected);
        assertThat(count("SELECT count(DISTINCT ordinal) FROM chunk WHERE collection_id = ?::uuid", c))
                .isEqualTo(expected);

        // the killed worker comes back to life and tries to commit its copy: refused, nothing is written
        ClaimedItem stale = new ClaimedItem(
                itemId,
                jobId,
                UUID.fromString(c),
                1,
                "testJournalParser.pdf",
                "journal",
                null,
                0,
                List.of(),
                Map.of(),
                true,
                "sha-of-test",
                1,
                1,
                "document",
                null,
                null);
        var result = pipeline.run(file, "testJournalParser.pdf");
        assertThatThrownBy(() -> committer.succeed(
                        stale,
                        "killed-worker",
                        new DocumentStore.NewVersion(
                                stale.collectionId(),
                                "journal",
                                "sha-of-test",
                                1,
                                List.of(),
                                Map.of(),
                                result,
                                Map.of())))
                .isInstanceOf(LeaseLostException.class);
        assertThat(count("SELECT count(*) FROM chunk WHERE collection_id = ?::uuid", c))
                .isEqualTo(expected);
        assertThat(count("SELECT version FROM document WHERE collection_id = ?::uuid", c))
                .isEqualTo(1);
    }

    @Test
    void gracefulShutdownReleasesClaimedItemsToTheQueue() throws Exception {
        String c = newCollection();
        UUID jobId = UUID.randomUUID();
        try (Connection conn = db.getConnection()) {
            Sql.exec(conn, "INSERT INTO ingestion_job (id, collection_id) VALUES (?, ?::uuid)", jobId, c);
            try (PreparedStatement ps = conn.prepareStatement("INSERT INTO ingestion_item (id, job_id, collection_id,"
                    + " seq, file_name, external_id, content, size_bytes, content_sha256, state, attempts, lease_owner,"
                    + " lease_until) VALUES (?, ?, ?::uuid, 1, 'note.txt', 'note.txt', ?, 10, 'x', 'parsing', 1,"
                    + " 'replica-going-down#1', now() + interval '1 hour')")) {
                ps.setObject(1, UUID.randomUUID());
                ps.setObject(2, jobId);
                ps.setString(3, c);
                ps.setBytes(4, "Released documents are finished by another replica.".getBytes(StandardCharsets.UTF_8));
                ps.executeUpdate();
            }
        }
        // the lease (the replica's claim #1) is valid for an hour: without the release nobody else could take it
        assertThat(queue.release("replica-going-down")).isEqualTo(1);
        JsonPath job = awaitJob(jobId.toString());
        assertThat(job.getString("state")).isEqualTo("succeeded");
        assertThat(job.getInt("documents[0].attempts")).isEqualTo(1);
    }

    @Test
    void identicalReuploadAddsNoDocumentOrChunkRows() throws Exception {
        String c = newCollection();
        File note = textFile("fleet.txt", "The fleet has twelve electric buses and four hydrogen buses.\n")
                .toFile();
        given().multiPart("file", note)
                .post("/v1/collections/{c}/documents?wait=true", c)
                .then()
                .statusCode(201);
        int docs = count("SELECT count(*) FROM document WHERE collection_id = ?::uuid", c);
        int chunks = count("SELECT count(*) FROM chunk WHERE collection_id = ?::uuid", c);
        long maxChunkId = count("SELECT coalesce(max(id), 0) FROM chunk WHERE collection_id = ?::uuid", c);
        String jobId = given().multiPart("file", note)
                .post("/v1/collections/{c}/documents", c)
                .then()
                .statusCode(202)
                .extract()
                .path("id");
        JsonPath job = awaitJob(jobId);
        assertThat(job.getString("documents[0].outcome")).isEqualTo("unchanged");
        assertThat(job.getInt("chunksDone")).isEqualTo(chunks).isEqualTo(job.getInt("chunksTotal"));
        assertThat(count("SELECT count(*) FROM document WHERE collection_id = ?::uuid", c))
                .isEqualTo(docs);
        assertThat(count("SELECT count(*) FROM chunk WHERE collection_id = ?::uuid", c))
                .isEqualTo(chunks);
        assertThat((long) count("SELECT coalesce(max(id), 0) FROM chunk WHERE collection_id = ?::uuid", c))
                .isEqualTo(maxChunkId);
    }

    @Test
    void aFailedNewVersionLeavesTheOldOneAnswering() throws Exception {
        String c = newCollection();
        File v1 = textFile("policy.txt", "Visitors must sign in at the north gate before entering the lab.\n")
                .toFile();
        given().multiPart("file", v1)
                .multiPart("externalId", "policy")
                .post("/v1/collections/{c}/documents?wait=true", c)
                .then()
                .statusCode(201);
        File broken =
                textFile("policy.pdf", "%PDF-1.7 this is not really a pdf").toFile();
        given().multiPart("file", broken)
                .multiPart("externalId", "policy")
                .post("/v1/collections/{c}/documents?wait=true", c)
                .then()
                .statusCode(422)
                .body("code", org.hamcrest.Matchers.equalTo("corrupt"));
        given().get("/v1/collections/{c}/documents", c)
                .then()
                .body("$", org.hamcrest.Matchers.hasSize(1))
                .body("[0].status", org.hamcrest.Matchers.equalTo("succeeded"))
                .body("[0].version", org.hamcrest.Matchers.equalTo(1));
        given().contentType(ContentType.JSON)
                .body(Map.of("query", "Where do visitors sign in?"))
                .post("/v1/collections/{c}/search", c)
                .then()
                .statusCode(200)
                .body("hits[0].text", org.hamcrest.Matchers.containsString("north gate"));
    }

    @Test
    void deleteRemovesChunksListingFiltersAndReingestRebuilds() throws Exception {
        String c = newCollection();
        String keep = given().multiPart(
                        "file",
                        textFile("keep.txt", "Keep this paragraph about tide tables.\n")
                                .toFile())
                .post("/v1/collections/{c}/documents?wait=true", c)
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        String drop = given().multiPart(
                        "file",
                        textFile("drop.txt", "Drop this paragraph about rain gauges.\n")
                                .toFile())
                .post("/v1/collections/{c}/documents?wait=true", c)
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        given().multiPart("file", emptyFile())
                .post("/v1/collections/{c}/documents?wait=true", c)
                .then()
                .statusCode(422);

        given().get("/v1/collections/{c}/documents?status=failed", c)
                .then()
                .body("$", org.hamcrest.Matchers.hasSize(1))
                .body("[0].errorCode", org.hamcrest.Matchers.equalTo("empty"));
        given().get("/v1/collections/{c}/documents?status=succeeded&q=DROP", c)
                .then()
                .body("$", org.hamcrest.Matchers.hasSize(1))
                .body("[0].id", org.hamcrest.Matchers.equalTo(drop));
        given().get("/v1/collections/{c}/documents?mediaType=text/plain&limit=1", c)
                .then()
                .body("$", org.hamcrest.Matchers.hasSize(1));

        assertThat(count("SELECT count(*) FROM chunk WHERE document_id = ?::uuid", drop))
                .isPositive();
        String dropBytes = "SELECT count(*) FROM ingestion_item WHERE collection_id = ?::uuid"
                + " AND file_name = 'drop.txt' AND content IS NOT NULL";
        assertThat(count(dropBytes, c)).isEqualTo(1);
        given().delete("/v1/collections/{c}/documents/{d}", c, drop).then().statusCode(204);
        assertThat(count("SELECT count(*) FROM chunk WHERE document_id = ?::uuid", drop))
                .isZero();
        assertThat(count(dropBytes, c))
                .as("uploaded bytes of a deleted document")
                .isZero();
        given().get("/v1/collections/{c}/documents/{d}", c, drop).then().statusCode(404);

        int before = count("SELECT count(*) FROM chunk WHERE document_id = ?::uuid", keep);
        JsonPath re = given().post("/v1/collections/{c}/documents/{d}/reingest?wait=true", c, keep)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertThat(re.getString("state")).isEqualTo("succeeded");
        assertThat(re.getString("documents[0].outcome")).isEqualTo("replaced");
        assertThat(count("SELECT count(*) FROM chunk WHERE document_id = ?::uuid", keep))
                .isEqualTo(before);
        given().get("/v1/collections/{c}/documents/{d}", c, keep)
                .then()
                .body("version", org.hamcrest.Matchers.equalTo(2));
    }

    @Test
    void metricsExposeStagesQueueDocumentsAndEmbeddingThroughput() throws Exception {
        String c = newCollection();
        given().multiPart(
                        "file",
                        textFile("m.txt", "Stage timers are exported to Prometheus.\n")
                                .toFile())
                .post("/v1/collections/{c}/documents?wait=true", c)
                .then()
                .statusCode(201);
        String metrics =
                given().get("/q/metrics").then().statusCode(200).extract().asString();
        assertThat(metrics)
                .contains("docent_ingest_stage_seconds_count{stage=\"parse\"")
                .contains("docent_ingest_stage_seconds_count{stage=\"embed\"")
                .contains("docent_ingest_embedded_chunks_total")
                .contains("docent_ingest_queue_depth{state=\"queued\"")
                .contains("docent_ingest_queue_oldest_age_seconds")
                .contains("docent_ingest_documents{status=\"succeeded\"")
                .contains("docent_ingest_document_seconds_count{result=\"processed\"")
                .contains("docent_process_rss_peak_bytes");
    }

    private int count(String sql, Object... args) throws Exception {
        return Sql.count(db, sql, args);
    }

    private static java.io.File emptyFile() throws java.io.IOException {
        java.io.File f = Files.createTempFile("empty", ".txt").toFile();
        f.deleteOnExit();
        return f;
    }
}
