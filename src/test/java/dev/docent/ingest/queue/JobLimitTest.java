package dev.docent.ingest.queue;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.docent.testsupport.TestCredentials;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.sql.DataSource;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * At most N unfinished ingestion jobs per collection: one more upload or re-ingest is refused with 429
 * {@code too_many_jobs} and {@code Retry-After}, nothing is stored, other collections are unaffected, and a slot
 * frees as soon as a job finishes. No workers run here, so accepted jobs stay queued.
 */
@QuarkusTest
@TestProfile(JobLimitTest.TwoJobsNoWorkers.class)
@Tag("own-jvm")
class JobLimitTest {

    public static class TwoJobsNoWorkers implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "docent.ingest.max-concurrent-jobs-per-collection", "2",
                    "docent.ingest.job-limit-retry-after", "PT7S",
                    "docent.ingest.queue.workers", "0");
        }
    }

    @Inject
    DataSource db;

    @Test
    void theThirdUnfinishedJobIsRefusedUntilOneFinishes() throws Exception {
        String c = IngestionJobTest.newCollection();
        String other = IngestionJobTest.newCollection();
        Path file = IngestionJobTest.textFile("limit.txt", "Job limits keep one tenant from filling the queue.\n");
        String first = upload(c, file, "").then().statusCode(202).extract().path("id");
        upload(c, file, "").then().statusCode(202);

        for (String wait : List.of("", "?wait=true")) {
            Response refused = upload(c, file, wait);
            assertThat(refused.statusCode()).isEqualTo(429);
            assertThat(refused.contentType()).startsWith("application/problem+json");
            assertThat(refused.jsonPath().getString("code")).isEqualTo("too_many_jobs");
            assertThat(refused.getHeader("Retry-After")).isEqualTo("7");
        }
        assertThat(jobsOf(c)).isEqualTo(2); // a refused upload stores nothing
        upload(other, file, "").then().statusCode(202); // the limit is per collection

        finish(first);
        upload(c, file, "").then().statusCode(202);
        upload(c, file, "").then().statusCode(429);
    }

    @Test
    void concurrentUploadsCannotOvershootTheLimit() throws Exception {
        String c = IngestionJobTest.newCollection();
        byte[] body = multipart("race.txt", "Eight uploads race for two slots.\n");
        String boundary = "race-boundary";
        HttpClient http = HttpClient.newHttpClient();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Integer>> results = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                Callable<Integer> call = () -> http.send(
                                HttpRequest.newBuilder(URI.create("http://localhost:" + io.restassured.RestAssured.port
                                                + "/v1/collections/" + c + "/documents"))
                                        .header("Authorization", "Bearer " + TestCredentials.ADMIN_KEY)
                                        .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                                        .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                                        .build(),
                                HttpResponse.BodyHandlers.discarding())
                        .statusCode();
                results.add(pool.submit(call));
            }
            List<Integer> statuses = new ArrayList<>();
            for (Future<Integer> f : results) {
                statuses.add(f.get());
            }
            assertThat(statuses).containsOnly(202, 429);
            assertThat(statuses.stream().filter(s -> s == 202)).hasSize(2);
            assertThat(jobsOf(c)).isEqualTo(2);
        } finally {
            pool.shutdownNow();
        }
    }

    private static Response upload(String collection, Path file, String query) {
        return given().multiPart("file", file.toFile(), "text/plain")
                .post("/v1/collections/" + collection + "/documents" + query);
    }

    private static byte[] multipart(String name, String text) {
        String s = "--race-boundary\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + name
                + "\"\r\nContent-Type: text/plain\r\n\r\n" + text + "\r\n--race-boundary--\r\n";
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private int jobsOf(String collection) throws Exception {
        try (Connection conn = db.getConnection();
                PreparedStatement ps =
                        conn.prepareStatement("SELECT count(*) FROM ingestion_job WHERE collection_id = ?")) {
            ps.setObject(1, UUID.fromString(collection));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    /** What a worker does at the end: every item of the job reaches a terminal state. */
    private void finish(String jobId) throws Exception {
        try (Connection conn = db.getConnection();
                PreparedStatement ps = conn.prepareStatement("UPDATE ingestion_item SET state = 'failed',"
                        + " error_code = 'internal', finished_at = now() WHERE job_id = ?")) {
            ps.setObject(1, UUID.fromString(jobId));
            assertThat(ps.executeUpdate()).isPositive();
        }
    }
}
