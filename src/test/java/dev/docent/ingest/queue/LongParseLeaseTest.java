package dev.docent.ingest.queue;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.docent.testsupport.Collections;
import dev.docent.testsupport.PostgresTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A document that parses for longer than the lease (a scan OCR'd page by page) keeps its lease while other documents
 * on the same attempt come and go on the replica: their lease names are the same ({@code <replica>#1}), and one of
 * them finishing had stopped the renewal of the long one, which another worker then took over and parsed again.
 */
@QuarkusTest
@TestProfile(LongParseLeaseTest.ShortLease.class)
@QuarkusTestResource(value = PostgresTestResource.class, restrictToAnnotatedClass = false)
@Tag("own-jvm")
class LongParseLeaseTest {

    public static class ShortLease implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "docent.ingest.queue.lease", "PT3S",
                    "docent.ingest.queue.heartbeat", "PT0.5S",
                    "docent.ingest.queue.poll", "PT0.2S",
                    // parse workers run with the test class path, where the test-only parser that yields pages
                    // slowly is registered
                    "docent.ingest.queue.workers", "3");
        }
    }

    @Inject
    DataSource db;

    @Test
    void aLongParseKeepsItsLeaseWhileShortDocumentsFinishBesideIt() throws Exception {
        String c = Collections.create();
        // 12 pages of 0.7 s: 8.4 s of parsing, almost three leases
        String slowJob = given().multiPart(
                        "file",
                        "scan.docent-hostile-test",
                        "DOCENT-HOSTILE-TEST pages 12 700\n".getBytes(StandardCharsets.US_ASCII),
                        "application/octet-stream")
                .post("/v1/collections/{c}/documents", c)
                .then()
                .statusCode(202)
                .extract()
                .path("id");
        Thread.sleep(500);
        for (int i = 0; i < 3; i++) {
            Collections.uploadText(c, "short-" + i + ".txt", "A short note, number " + i + ", done in a moment.");
        }
        Collections.awaitJob(slowJob, Duration.ofSeconds(90));

        try (Connection conn = db.getConnection();
                PreparedStatement ps =
                        conn.prepareStatement("SELECT state, attempts FROM ingestion_item WHERE job_id = ?")) {
            ps.setObject(1, UUID.fromString(slowJob));
            try (ResultSet rs = ps.executeQuery()) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString("state")).isEqualTo("succeeded");
                assertThat(rs.getInt("attempts"))
                        .as("parsed once: its lease was renewed all along")
                        .isEqualTo(1);
            }
        }
    }
}
