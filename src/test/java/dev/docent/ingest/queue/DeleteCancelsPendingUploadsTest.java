package dev.docent.ingest.queue;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.docent.testsupport.Collections;
import dev.docent.testsupport.PostgresTestResource;
import dev.docent.testsupport.Sql;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * Deleting a document also ends the uploads and re-ingests of it still waiting in the queue: none of them brings it
 * back under a new id later, and none keeps a copy of its bytes.
 */
@QuarkusTest
@QuarkusTestResource(value = PostgresTestResource.class, restrictToAnnotatedClass = false)
class DeleteCancelsPendingUploadsTest {

    @Inject
    DataSource db;

    @Test
    void aQueuedReingestOfADeletedDocumentNeverRunsAndKeepsNoBytes() throws Exception {
        String c = Collections.create();
        String document = given().multiPart(
                        "file",
                        "plan.txt",
                        "The plan is to open in May.".getBytes(StandardCharsets.UTF_8),
                        "text/plain")
                .post("/v1/collections/{c}/documents?wait=true", c)
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        // a re-ingest of it waits in the queue, not due for an hour (made here, not through the API, so that no
        // worker can take it before the test holds it back)
        String job = UUID.randomUUID().toString();
        try (Connection conn = db.getConnection()) {
            Sql.exec(conn, "INSERT INTO ingestion_job (id, collection_id) VALUES (?::uuid, ?::uuid)", job, c);
            Sql.exec(
                    conn,
                    "INSERT INTO ingestion_item (id, job_id, collection_id, seq, file_name, external_id, force, content,"
                            + " size_bytes, content_sha256, state, upload_seq, not_before) SELECT gen_random_uuid(),"
                            + " ?::uuid, collection_id, 1, file_name, external_id, true, content, size_bytes,"
                            + " content_sha256, 'queued', upload_seq, now() + interval '1 hour' FROM ingestion_item"
                            + " WHERE document_id = ?::uuid AND content IS NOT NULL",
                    job,
                    document);
        }
        assertThat(single("SELECT count(*)::text FROM ingestion_item WHERE job_id = ?::uuid", job))
                .isEqualTo("1");

        given().delete("/v1/collections/{c}/documents/{d}", c, document).then().statusCode(204);

        assertThat(single("SELECT state || '/' || error_code FROM ingestion_item WHERE job_id = ?::uuid", job))
                .isEqualTo("failed/conflict");
        assertThat(single(
                        "SELECT count(*)::text FROM ingestion_item WHERE collection_id = ?::uuid AND content IS NOT NULL",
                        c))
                .isEqualTo("0");
        given().get("/v1/jobs/{id}", job).then().statusCode(200).body("state", org.hamcrest.Matchers.equalTo("failed"));
        assertThat(single("SELECT count(*)::text FROM document WHERE collection_id = ?::uuid", c))
                .isEqualTo("0");
    }

    private String single(String sql, String arg) throws Exception {
        try (Connection conn = db.getConnection();
                PreparedStatement ps = conn.prepareStatement(sql)) {
            ps.setString(1, arg);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getString(1);
            }
        }
    }
}
