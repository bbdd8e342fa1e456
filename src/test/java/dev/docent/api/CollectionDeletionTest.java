package dev.docent.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hamcrest.Matchers.is;

import dev.docent.ingest.queue.ClaimedItem;
import dev.docent.ingest.queue.JobQueue;
import dev.docent.ingest.queue.LeaseLostException;
import dev.docent.ingest.service.CollectionPurger;
import dev.docent.ingest.service.DocumentStore;
import dev.docent.ingest.service.IngestionPipeline;
import dev.docent.ingest.service.ItemCommitter;
import dev.docent.testsupport.Collections;
import dev.docent.testsupport.PostgresTestResource;
import dev.docent.testsupport.Sql;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * {@code DELETE /v1/collections/{id}}: the collection is gone for the API at once, everything of it goes in the
 * background purge, nothing of any other collection does.
 */
@QuarkusTest
@QuarkusTestResource(value = PostgresTestResource.class, restrictToAnnotatedClass = false)
class CollectionDeletionTest {
    /** Every table that holds rows of a collection, by its {@code collection_id}. */
    private static final List<String> TABLES = List.of(
            "document",
            "chunk",
            "chunk_term",
            "collection_term_stats",
            "chunk_embedding_next",
            "ingestion_job",
            "ingestion_item",
            "conversation",
            "collection_member");

    @Inject
    DataSource db;

    @Inject
    ItemCommitter committer;

    @Inject
    JobQueue queue;

    @Inject
    IngestionPipeline pipeline;

    @Inject
    CollectionPurger purger;

    @Test
    void deletingACollectionRemovesEverythingInItAndNothingElse() throws Exception {
        String doomed = Collections.create();
        String kept = Collections.create();
        for (String c : List.of(doomed, kept)) {
            Collections.uploadText(c, "lighthouse.txt", "The lighthouse keeper lit the lamp at dusk every evening.");
            Collections.uploadText(c, "harbour.txt", "Fishing boats return to the harbour before the tide turns.");
        }
        given().contentType(ContentType.JSON)
                .body(Map.of("question", "When is the lamp lit?", "conversationId", UUID.randomUUID()))
                .post("/v1/collections/{c}/answers", doomed)
                .then()
                .statusCode(200);
        given().contentType(ContentType.JSON)
                .body(Map.of("principal", "group:harbour-staff", "role", "reader"))
                .put("/v1/collections/{c}/members", doomed)
                .then()
                .statusCode(200);
        Map<String, Integer> keptBefore = rows(kept);
        assertThat(rows(doomed)).allSatisfy((table, n) -> {
            if (!table.equals("chunk_embedding_next")) {
                assertThat(n).as(table).isPositive();
            }
        });
        String document = given().get("/v1/collections/{c}/documents", doomed)
                .then()
                .statusCode(200)
                .extract()
                .path("[0].id");
        var one = given().get("/v1/collections/{c}", doomed)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertThat(one.getString("id")).isEqualTo(doomed);
        assertThat(one.getInt("stats.documents")).isEqualTo(2);
        assertThat(one.getInt("stats.chunks")).isEqualTo(rows(doomed).get("chunk"));
        assertThat(one.getInt("stats.failedDocuments")).isZero();

        given().delete("/v1/collections/{c}", doomed).then().statusCode(204);

        // gone for the API at once; its jobs (with their bytes) and members are deleted in the request
        assertThat(rows(doomed))
                .containsEntry("ingestion_job", 0)
                .containsEntry("ingestion_item", 0)
                .containsEntry("collection_member", 0);
        given().get("/v1/collections/{c}", doomed).then().statusCode(404).body("code", is("not_found"));
        given().get("/v1/collections/{c}/documents/{d}", doomed, document)
                .then()
                .statusCode(404);
        given().contentType(ContentType.JSON)
                .body(Map.of("query", "lighthouse lamp"))
                .post("/v1/collections/{c}/search", doomed)
                .then()
                .statusCode(404);
        given().delete("/v1/collections/{c}", doomed).then().statusCode(404);
        List<String> listed = given().get("/v1/collections").then().extract().path("id");
        assertThat(listed).contains(kept).doesNotContain(doomed);
        // the other collection still answers from its own chunks and keyword statistics
        List<String> hits = given().contentType(ContentType.JSON)
                .body(Map.of("query", "lighthouse lamp", "mode", "keyword"))
                .post("/v1/collections/{c}/search", kept)
                .then()
                .statusCode(200)
                .extract()
                .path("hits.title");
        assertThat(hits).isNotEmpty();
        // the rest goes in the background, in batches of two rows (test config)
        awaitPurged(doomed);
        assertThat(rows(doomed))
                .allSatisfy((table, n) -> assertThat(n).as(table).isZero());
        assertThat(Sql.count(db, "SELECT count(*) FROM collection WHERE id = ?::uuid", doomed))
                .isZero();
        assertThat(rows(kept)).isEqualTo(keptBefore);
    }

    @Test
    void aDeletedCollectionsNameIsFreeAtOnce() {
        String name = "reused-" + UUID.randomUUID();
        String first = createNamed(name);
        Collections.uploadText(first, "old.txt", "The old collection held the minutes of the spring meeting.");
        given().contentType(ContentType.JSON)
                .body(Map.of("name", name))
                .post("/v1/collections")
                .then()
                .statusCode(409);
        given().delete("/v1/collections/{c}", first).then().statusCode(204);

        String second = createNamed(name);
        assertThat(second).isNotEqualTo(first);
        List<String> names = given().get("/v1/collections").then().extract().path("name");
        assertThat(names).containsOnlyOnce(name);
        given().contentType(ContentType.JSON)
                .body(Map.of("query", "spring meeting minutes", "mode", "keyword"))
                .post("/v1/collections/{c}/search", second)
                .then()
                .statusCode(200)
                .body("hits.size()", is(0));
    }

    @Test
    void aPurgeInterruptedByACrashGoesOnAtTheNextPass() throws Exception {
        String c = Collections.create();
        for (int i = 0; i < 3; i++) {
            Collections.uploadText(c, "note-" + i + ".txt", "Note " + i + " about the quarterly budget review.");
        }
        int chunks = rows(c).get("chunk");
        assertThat(chunks).isGreaterThanOrEqualTo(3);
        // a replica marked the collection deleted and died before (or while) purging it: with no purger holding the
        // row, the next pass of any replica takes it over
        try (Connection conn = db.getConnection()) {
            Sql.exec(conn, "UPDATE collection SET deleted_at = now() WHERE id = ?::uuid", c);
            Sql.exec(conn, "DELETE FROM chunk WHERE id = (SELECT min(id) FROM chunk WHERE collection_id = ?::uuid)", c);
        }
        given().get("/v1/collections/{c}", c).then().statusCode(404);

        purger.purgeAll();
        awaitPurged(c);

        assertThat(rows(c)).allSatisfy((table, n) -> assertThat(n).as(table).isZero());
    }

    private static String createNamed(String name) {
        return given().contentType(ContentType.JSON)
                .body(Map.of("name", name))
                .post("/v1/collections")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
    }

    /** Waits for the purge (the background thread or this call, whichever holds the row) to remove the row. */
    private void awaitPurged(String collection) throws Exception {
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(60);
        while (Sql.count(db, "SELECT count(*) FROM collection WHERE id = ?::uuid", collection) > 0) {
            assertThat(System.nanoTime()).as("purged within 60 s").isLessThan(deadline);
            purger.purgeAll();
            Thread.sleep(50);
        }
    }

    @Test
    void aWorkerMidDocumentWhenItsCollectionIsDeletedCommitsNothing() throws Exception {
        String c = Collections.create();
        UUID jobId = UUID.randomUUID();
        UUID itemId = UUID.randomUUID();
        byte[] bytes = "A document whose collection is deleted while it is embedded.".getBytes(StandardCharsets.UTF_8);
        // a worker of another replica holds the item (live lease) and is embedding it
        try (Connection conn = db.getConnection()) {
            Sql.exec(conn, "INSERT INTO ingestion_job (id, collection_id) VALUES (?, ?::uuid)", jobId, c);
            try (PreparedStatement ps = conn.prepareStatement("INSERT INTO ingestion_item (id, job_id, collection_id,"
                    + " seq, file_name, external_id, content, size_bytes, content_sha256, state, chunks_done, attempts,"
                    + " lease_owner, lease_until, started_at) VALUES (?, ?, ?::uuid, 1, 'late.txt', 'late', ?, ?,"
                    + " 'sha-of-late', 'embedding', 0, 1, 'busy-worker', now() + interval '10 minutes', now())")) {
                ps.setObject(1, itemId);
                ps.setObject(2, jobId);
                ps.setString(3, c);
                ps.setBytes(4, bytes);
                ps.setLong(5, bytes.length);
                ps.executeUpdate();
            }
        }
        var parsed = pipeline.run(bytes, "late.txt", (stage, total, done) -> {});

        given().delete("/v1/collections/{c}", c).then().statusCode(204);

        ClaimedItem item = new ClaimedItem(
                itemId,
                jobId,
                UUID.fromString(c),
                1,
                "late.txt",
                "late",
                null,
                0,
                List.of(),
                Map.of(),
                true,
                "sha-of-late",
                1,
                1,
                "document",
                null,
                null);
        assertThatThrownBy(() -> queue.content(itemId)).isInstanceOf(LeaseLostException.class);
        assertThatThrownBy(() -> queue.progress(itemId, "busy-worker", "embedding", 1, 1))
                .isInstanceOf(LeaseLostException.class);
        assertThatThrownBy(() -> committer.succeed(
                        item,
                        "busy-worker",
                        new DocumentStore.NewVersion(
                                item.collectionId(),
                                "late",
                                "sha-of-late",
                                bytes.length,
                                List.of(),
                                Map.of(),
                                parsed,
                                Map.of())))
                .isInstanceOf(LeaseLostException.class);
        awaitPurged(c);
        assertThat(rows(c)).allSatisfy((table, n) -> assertThat(n).as(table).isZero());
        given().get("/v1/jobs/{id}", jobId).then().statusCode(404);
    }

    private Map<String, Integer> rows(String collection) throws Exception {
        Map<String, Integer> rows = new LinkedHashMap<>();
        for (String table : TABLES) {
            rows.put(
                    table,
                    Sql.count(db, "SELECT count(*) FROM " + table + " WHERE collection_id = ?::uuid", collection));
        }
        return rows;
    }
}
