package dev.docent.ingest.queue;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.docent.testsupport.PostgresTestResource;
import dev.docent.testsupport.SharedData;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The packaged service is really killed with SIGKILL in the middle of a job; a second instance on the same
 * database takes the abandoned documents over once their leases expire and the job completes with exactly the
 * chunks a clean run produces. Stopped with SIGTERM while a client watches the job's events, it hands its documents
 * back as shutdown begins and fails none of them.
 */
class KillNineIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int DOCS = 30;
    /** The packaged service's first admin key (it creates it at its first start when the database has none). */
    private static final String ADMIN_KEY = "kill9-it-admin-key-not-a-secret-0001";

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    @Timeout(value = 10, unit = TimeUnit.MINUTES)
    void killedMidJobThenRestartedCompletesWithExactChunks() throws Exception {
        Path jar = packagedService();
        List<byte[]> docs = documents();
        Map<String, String> db = new PostgresTestResource().start();

        int port = freePort();
        Process first = start(jar, db, port);
        String jobId;
        String collection;
        try {
            awaitReady(port);
            collection = createCollection(port, "kill-" + UUID.randomUUID());
            jobId = upload(port, collection, docs);
            // mid-job: some documents done, others not
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(4);
            while (true) {
                JsonNode job = get(port, "/v1/jobs/" + jobId);
                int done = job.path("documentsSucceeded").asInt();
                assertThat(job.path("terminal").asBoolean())
                        .as("job finished before the kill")
                        .isFalse();
                if (done >= 3) {
                    break;
                }
                assertThat(System.nanoTime()).isLessThan(deadline);
                Thread.sleep(100);
            }
        } finally {
            first.destroyForcibly(); // SIGKILL: no shutdown hook, no release of claimed work
            first.waitFor(30, TimeUnit.SECONDS);
        }
        int claimedByDeadWorker = scalar(
                db,
                "SELECT count(*) FROM ingestion_item WHERE job_id = ?::uuid AND state"
                        + " IN ('parsing','chunking','embedding','indexing')",
                jobId);
        int doneBeforeKill =
                scalar(db, "SELECT count(*) FROM ingestion_item WHERE job_id = ?::uuid AND state = 'succeeded'", jobId);
        assertThat(doneBeforeKill).isLessThan(DOCS);

        Process second = start(jar, db, port);
        try {
            awaitReady(port);
            JsonNode job = awaitTerminal(port, jobId);
            assertThat(job.path("state").asText()).isEqualTo("succeeded");
            assertThat(job.path("documentsSucceeded").asInt()).isEqualTo(DOCS);
            int chunks = scalar(db, "SELECT count(*) FROM chunk WHERE collection_id = ?::uuid", collection);
            assertThat(chunks).isEqualTo(job.path("chunksTotal").asInt());
            assertThat(scalar(db, "SELECT count(*) FROM document WHERE collection_id = ?::uuid", collection))
                    .isEqualTo(DOCS);

            // the same files in a fresh collection, without any kill, give exactly the same number of chunks
            String clean = createCollection(port, "clean-" + UUID.randomUUID());
            awaitTerminal(port, upload(port, clean, docs));
            assertThat(chunks).isEqualTo(scalar(db, "SELECT count(*) FROM chunk WHERE collection_id = ?::uuid", clean));
            System.out.printf(
                    "KillNineIT: %d/%d documents done before SIGKILL, %d held by the dead worker, %d chunks after"
                            + " restart (clean run: same)%n",
                    doneBeforeKill, DOCS, claimedByDeadWorker, chunks);
        } finally {
            second.destroy();
            if (!second.waitFor(30, TimeUnit.SECONDS)) {
                second.destroyForcibly();
            }
        }
    }

    @Test
    @Timeout(value = 10, unit = TimeUnit.MINUTES)
    void sigtermWithAnOpenEventStreamHandsTheDocumentsBackAtOnceAndFailsNone() throws Exception {
        Path jar = packagedService();
        List<byte[]> docs = documents();
        Map<String, String> db = new PostgresTestResource().start();
        String held = "SELECT count(*) FROM ingestion_item WHERE job_id = ?::uuid AND lease_owner IS NOT NULL"
                + " AND state IN ('parsing','chunking','embedding','indexing')";

        int port = freePort();
        // a lease of a minute: only a release hands the documents back within the test's few seconds
        Process first = start(jar, db, port, "-Ddocent.ingest.queue.lease=PT60S");
        String jobId;
        String collection;
        long signalled;
        long handedBack;
        try {
            awaitReady(port);
            collection = createCollection(port, "term-" + UUID.randomUUID());
            jobId = upload(port, collection, docs);
            // a client watching the job: the service waits for open requests (up to its shutdown timeout, 20 s)
            // before it stops; the documents must not wait with them
            var events = http.sendAsync(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/jobs/" + jobId + "/events"))
                            .header("Accept", "text/event-stream")
                            .header("Authorization", "Bearer " + ADMIN_KEY)
                            .build(),
                    HttpResponse.BodyHandlers.ofLines());
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(4);
            while (get(port, "/v1/jobs/" + jobId).path("documentsSucceeded").asInt() < 2
                    || scalar(db, held, jobId) == 0) {
                assertThat(System.nanoTime()).isLessThan(deadline);
                Thread.sleep(50);
            }
            // open: the lines are read lazily, and nobody reads them
            assertThat(events.get(30, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
            first.destroy(); // SIGTERM
            signalled = System.nanoTime();
            while (scalar(db, held, jobId) > 0) {
                assertThat(Duration.ofNanos(System.nanoTime() - signalled))
                        .as("documents handed back as shutdown begins (28 ms measured), not when the document in"
                                + " work ends (1.9-4.0 s) or after the 5 s shutdown delay")
                        .isLessThan(Duration.ofMillis(1500));
                Thread.sleep(50);
            }
            handedBack = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - signalled);
            assertThat(first.waitFor(60, TimeUnit.SECONDS)).isTrue();
        } finally {
            first.destroyForcibly();
            first.waitFor(30, TimeUnit.SECONDS);
        }
        assertThat(scalar(db, "SELECT count(*) FROM ingestion_item WHERE job_id = ?::uuid AND state = 'failed'", jobId))
                .as("nothing failed while the service stopped")
                .isZero();
        assertThat(scalar(
                        db,
                        "SELECT count(*) FROM ingestion_item WHERE job_id = ?::uuid AND state = 'queued' AND attempts > 0",
                        jobId))
                .as("no document was charged an attempt for the shutdown (a failure while stopping retries it)")
                .isZero();

        Process second = start(jar, db, port);
        try {
            awaitReady(port);
            JsonNode job = awaitTerminal(port, jobId);
            assertThat(job.path("state").asText()).isEqualTo("succeeded");
            assertThat(job.path("documentsSucceeded").asInt()).isEqualTo(DOCS);
            assertThat(scalar(db, "SELECT count(*) FROM chunk WHERE collection_id = ?::uuid", collection))
                    .isEqualTo(job.path("chunksTotal").asInt());
            System.out.printf(
                    "KillNineIT: SIGTERM with an open event stream, documents handed back in %d ms%n", handedBack);
        } finally {
            second.destroy();
            if (!second.waitFor(30, TimeUnit.SECONDS)) {
                second.destroyForcibly();
            }
        }
    }

    private static Process start(Path jar, Map<String, String> db, int port, String... settings) throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new ArrayList<>(List.of(
                java,
                "-Xmx1g",
                "-Dquarkus.http.port=" + port,
                "-Ddocent.ingest.queue.workers=1",
                "-Ddocent.ingest.queue.lease=PT3S",
                "-Ddocent.ingest.queue.heartbeat=PT1S",
                "-Ddocent.ingest.queue.poll=PT0.5S"));
        command.addAll(List.of(settings)); // later -D options win
        command.addAll(List.of("-jar", jar.toString()));
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().put("DOCENT_BOOTSTRAP_ADMIN_KEY", ADMIN_KEY);
        pb.environment().put("QUARKUS_DATASOURCE_JDBC_URL", db.get("quarkus.datasource.jdbc.url"));
        pb.environment().put("QUARKUS_DATASOURCE_USERNAME", db.get("quarkus.datasource.username"));
        pb.environment().put("QUARKUS_DATASOURCE_PASSWORD", db.get("quarkus.datasource.password"));
        Path log = Files.createTempFile("docent-kill9-", ".log");
        log.toFile().deleteOnExit();
        pb.redirectErrorStream(true).redirectOutput(log.toFile());
        return pb.start();
    }

    private void awaitReady(int port) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
        while (System.nanoTime() < deadline) {
            try {
                HttpResponse<String> r = http.send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/q/health/ready"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    return;
                }
            } catch (java.io.IOException e) {
                // not listening yet
            }
            Thread.sleep(500);
        }
        throw new AssertionError("service on port " + port + " did not become ready");
    }

    private JsonNode awaitTerminal(int port, String jobId) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(4);
        while (System.nanoTime() < deadline) {
            JsonNode job = get(port, "/v1/jobs/" + jobId);
            if (job.path("terminal").asBoolean()) {
                return job;
            }
            Thread.sleep(250);
        }
        throw new AssertionError("job " + jobId + " did not finish");
    }

    private String createCollection(int port, String name) throws Exception {
        HttpResponse<String> r = http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/collections"))
                        .header("Authorization", "Bearer " + ADMIN_KEY)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"" + name + "\"}"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(201);
        return JSON.readTree(r.body()).path("id").asText();
    }

    private String upload(int port, String collection, List<byte[]> docs) throws Exception {
        String boundary = "kill9-" + UUID.randomUUID();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < docs.size(); i++) {
            out.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"doc-" + i
                            + ".txt\"\r\nContent-Type: text/plain\r\n\r\n")
                    .getBytes(StandardCharsets.UTF_8));
            out.writeBytes(docs.get(i));
            out.writeBytes("\r\n".getBytes(StandardCharsets.UTF_8));
        }
        out.writeBytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> r = http.send(
                HttpRequest.newBuilder(
                                URI.create("http://127.0.0.1:" + port + "/v1/collections/" + collection + "/documents"))
                        .header("Authorization", "Bearer " + ADMIN_KEY)
                        .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                        .POST(HttpRequest.BodyPublishers.ofByteArray(out.toByteArray()))
                        .timeout(Duration.ofMinutes(2))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(202);
        return JSON.readTree(r.body()).path("id").asText();
    }

    private JsonNode get(int port, String path) throws Exception {
        HttpResponse<String> r = http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                        .header("Authorization", "Bearer " + ADMIN_KEY)
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        return JSON.readTree(r.body());
    }

    private static Path packagedService() {
        Path jar = Path.of("target/quarkus-app/quarkus-run.jar");
        Assumptions.assumeTrue(Files.isRegularFile(jar), "packaged service missing: " + jar);
        return jar;
    }

    /** The first SciFact abstracts, each long enough for one or more chunks. */
    private static List<byte[]> documents() throws Exception {
        Path corpus = SharedData.root().resolve("datasets/scifact/corpus.jsonl");
        Assumptions.assumeTrue(Files.isRegularFile(corpus), "SciFact corpus missing: " + corpus);
        List<byte[]> docs = new ArrayList<>();
        try (BufferedReader in = Files.newBufferedReader(corpus)) {
            for (String line; docs.size() < DOCS && (line = in.readLine()) != null; ) {
                JsonNode n = JSON.readTree(line);
                String text = n.path("title").asText() + "\n\n" + n.path("text").asText();
                docs.add((text + "\n\n" + text).getBytes(StandardCharsets.UTF_8));
            }
        }
        return docs;
    }

    private static int scalar(Map<String, String> db, String sql, String arg) throws Exception {
        try (Connection c = DriverManager.getConnection(
                        db.get("quarkus.datasource.jdbc.url"),
                        db.get("quarkus.datasource.username"),
                        db.get("quarkus.datasource.password"));
                PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, arg);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
