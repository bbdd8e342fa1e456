package dev.docent.ingest.queue;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.docent.ingest.service.DocumentStore;
import dev.docent.ingest.service.IngestionPipeline;
import dev.docent.ingest.service.ItemCommitter;
import dev.docent.testsupport.PostgresTestResource;
import dev.docent.testsupport.Sql;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * Of two uploads of one document, the one uploaded later stays, whichever finishes processing first: a slow (or
 * retried) earlier upload that commits after a later one is superseded, not written over it.
 */
@QuarkusTest
@QuarkusTestResource(value = PostgresTestResource.class, restrictToAnnotatedClass = false)
class UploadOrderTest {

    private static final String EARLIER = "The depot opens at six in the morning.";
    private static final String LATER = "The depot opens at seven in the morning, from next week on.";

    @Inject
    DataSource db;

    @Inject
    ItemCommitter committer;

    @Inject
    IngestionPipeline pipeline;

    @Test
    void anEarlierUploadThatFinishesLastIsSupersededByTheLaterOne() throws Exception {
        String collection = IngestionJobTest.newCollection();
        UUID job = UUID.randomUUID();
        try (Connection c = db.getConnection()) {
            Sql.exec(c, "INSERT INTO ingestion_job (id, collection_id) VALUES (?, ?::uuid)", job, collection);
        }
        // both held by workers (valid leases), the earlier one inserted (uploaded) first
        ClaimedItem earlier = held(job, collection, 1, EARLIER);
        ClaimedItem later = held(job, collection, 2, LATER);

        assertThat(commit(later)).isEqualTo("created");
        assertThat(commit(earlier)).isEqualTo("superseded");

        String document = single("SELECT id::text FROM document WHERE collection_id = ?::uuid", collection);
        String text = given().get("/v1/collections/{c}/documents/{d}/text", collection, document)
                .then()
                .statusCode(200)
                .extract()
                .path("text");
        assertThat(text).isEqualTo(LATER);
        assertThat(single("SELECT version::text FROM document WHERE id = ?::uuid", document))
                .isEqualTo("1");
        assertThat(single("SELECT outcome || '/' || state FROM ingestion_item WHERE id = ?::uuid", earlier.id()))
                .isEqualTo("superseded/succeeded");
        // the later upload's bytes are kept for a re-ingest, the superseded one's are not
        assertThat(single("SELECT (content IS NOT NULL)::text FROM ingestion_item WHERE id = ?::uuid", later.id()))
                .isEqualTo("true");
        assertThat(single("SELECT (content IS NOT NULL)::text FROM ingestion_item WHERE id = ?::uuid", earlier.id()))
                .isEqualTo("false");
    }

    @Test
    void aLaterUploadOfTheSameBytesOutranksAnEarlierUploadItCouldNotSeeYet() throws Exception {
        // found by an audit with two archive uploads expanded at once: the later one's entry was found unchanged
        // while the earlier one's entries were still uncommitted, and the earlier version then replaced it
        String collection = IngestionJobTest.newCollection();
        UUID job = UUID.randomUUID();
        try (Connection c = db.getConnection()) {
            Sql.exec(c, "INSERT INTO ingestion_job (id, collection_id) VALUES (?, ?::uuid)", job, collection);
        }
        ClaimedItem first = held(job, collection, 1, LATER);
        assertThat(commit(first)).isEqualTo("created");

        ClaimedItem earlier;
        try (Connection uploading = db.getConnection()) {
            uploading.setAutoCommit(false);
            earlier = held(uploading, job, collection, 2, EARLIER); // uploaded, not committed yet
            String outcome = given().multiPart(
                            "file", "depot.txt", LATER.getBytes(StandardCharsets.UTF_8), "text/plain")
                    .post("/v1/collections/{c}/documents", collection)
                    .then()
                    .statusCode(202)
                    .extract()
                    .path("documents[0].outcome");
            assertThat(outcome).isEqualTo("unchanged");
            uploading.commit();
        }

        assertThat(commit(earlier)).isEqualTo("superseded");
        String document = single("SELECT id::text FROM document WHERE collection_id = ?::uuid", collection);
        assertThat(given().get("/v1/collections/{c}/documents/{d}/text", collection, document)
                        .then()
                        .statusCode(200)
                        .extract()
                        .<String>path("text"))
                .isEqualTo(LATER);
    }

    @Test
    void twoFilesWithTheSameNameInOneUploadAreRefused() {
        given().multiPart("file", "same.txt", "one".getBytes(StandardCharsets.UTF_8), "text/plain")
                .multiPart("file", "same.txt", "two".getBytes(StandardCharsets.UTF_8), "text/plain")
                .post("/v1/collections/{c}/documents", dev.docent.testsupport.Collections.create())
                .then()
                .statusCode(400)
                .body("code", org.hamcrest.Matchers.equalTo("validation_failed"));
    }

    private String commit(ClaimedItem item) {
        var result = pipeline.run(bytes(item), item.fileName(), IngestionPipeline.Progress.NONE);
        return committer.succeed(
                item,
                "order-test#1",
                new DocumentStore.NewVersion(
                        item.collectionId(),
                        item.externalId(),
                        item.sha256(),
                        item.size(),
                        null,
                        Map.of(),
                        result,
                        Map.of()));
    }

    private byte[] bytes(ClaimedItem item) {
        try (Connection c = db.getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT content FROM ingestion_item WHERE id = ?")) {
            ps.setObject(1, item.id());
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getBytes(1);
            }
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private ClaimedItem held(UUID job, String collection, int seq, String text) throws Exception {
        try (Connection c = db.getConnection()) {
            return held(c, job, collection, seq, text);
        }
    }

    private ClaimedItem held(Connection c, UUID job, String collection, int seq, String text) throws Exception {
        UUID id = UUID.randomUUID();
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        String sha = java.util.HexFormat.of()
                .formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(bytes));
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO ingestion_item (id, job_id, collection_id, seq,"
                + " file_name, external_id, content, size_bytes, content_sha256, state, attempts, lease_owner,"
                + " lease_until, started_at) VALUES (?, ?, ?::uuid, ?, 'depot.txt', 'depot.txt', ?, ?, ?,"
                + " 'embedding', 1, 'order-test#1', now() + interval '10 minutes', now())")) {
            ps.setObject(1, id);
            ps.setObject(2, job);
            ps.setString(3, collection);
            ps.setInt(4, seq);
            ps.setBytes(5, bytes);
            ps.setLong(6, bytes.length);
            ps.setString(7, sha);
            ps.executeUpdate();
        }
        return new ClaimedItem(
                id,
                job,
                UUID.fromString(collection),
                seq,
                "depot.txt",
                "depot.txt",
                null,
                0,
                List.of(),
                Map.of(),
                false,
                sha,
                bytes.length,
                1,
                "document",
                null,
                null);
    }

    private String single(String sql, Object arg) throws Exception {
        try (Connection c = db.getConnection();
                PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setObject(1, arg instanceof UUID u ? u.toString() : arg);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getString(1);
            }
        }
    }
}
