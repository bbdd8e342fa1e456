package dev.docent.ops.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;

/**
 * kill -9 the service while a bulk ingestion runs, restart it, and require every document to end succeeded with
 * exactly the chunk count a clean synchronous ingestion of the same bytes gives afterwards (API count and rows in the chunk
 * table: nothing lost, nothing duplicated). Written against the job API: upload answers 202 {"jobId"} and
 * {@code GET /v1/jobs/{id}} reports {@code state}; with a synchronous upload (no jobs) the scenario is skipped.
 */
final class KillDuringIngestScenario implements FaultScenarios.Scenario {
    private static final int DOCUMENTS = 16;
    private static final Set<String> TERMINAL = Set.of("succeeded", "failed", "partially_failed");

    private final BenchHttp http;
    private final LocalStack stack;

    KillDuringIngestScenario(BenchHttp http, LocalStack stack) {
        this.http = http;
        this.stack = stack;
    }

    @Override
    public ObjectNode run() throws Exception {
        ObjectNode r = BenchHttp.JSON.createObjectNode();
        Random random = new Random(11);
        List<byte[]> files = new ArrayList<>();
        for (int i = 0; i < DOCUMENTS; i++) {
            files.add(TextCorpus.document(random, 150 + random.nextInt(150)));
        }
        String collection = http.createCollection("faults-kill9");
        List<String> jobs = new ArrayList<>();
        for (int i = 0; i < DOCUMENTS; i++) {
            BenchHttp.Reply reply = http.upload("/v1/collections/" + collection + "/documents", name(i), files.get(i));
            if (reply.status() == 200 || reply.status() == 201) {
                return r.putNull("pass")
                        .put(
                                "skipped",
                                "upload is synchronous in this build (HTTP " + reply.status()
                                        + ", no job id): nothing in flight to kill");
            }
            if (reply.status() != 202) {
                return r.put("pass", false).put("error", "upload answered HTTP " + reply.status());
            }
            jobs.add(jobId(reply.json()));
        }
        // Kill while work is in progress: some job past "queued", not all terminal.
        long t0 = System.currentTimeMillis();
        while (System.currentTimeMillis() - t0 < 60_000) {
            long started = jobs.stream().filter(j -> !state(j).equals("queued")).count();
            if (started > 0) {
                break;
            }
            Thread.sleep(100);
        }
        long terminalBeforeKill =
                jobs.stream().filter(j -> TERMINAL.contains(state(j))).count();
        long pid = stack.servicePid();
        ProcessHandle handle = ProcessHandle.of(pid).orElseThrow(() -> new IllegalStateException("no service pid"));
        System.out.println("  kill -9 " + pid + " with " + terminalBeforeKill + "/" + DOCUMENTS + " jobs finished");
        handle.destroyForcibly(); // SIGKILL
        handle.onExit().get();
        long restartStart = System.currentTimeMillis();
        long newPid = stack.startService();
        long restartMs = System.currentTimeMillis() - restartStart;
        System.out.println("  restarted as pid " + newPid + " in " + restartMs + " ms");

        long resumeStart = System.currentTimeMillis();
        Map<String, String> finalStates = new HashMap<>();
        for (String job : jobs) {
            finalStates.put(job, awaitJob(job, 600_000).path("state").asText());
        }
        long resumeMs = System.currentTimeMillis() - resumeStart;
        // Reference: the same bytes ingested synchronously, undisturbed (after the restart: chunking is deterministic).
        String reference = http.createCollection("faults-ref");
        Map<String, Integer> expected = new HashMap<>();
        for (int i = 0; i < DOCUMENTS; i++) {
            BenchHttp.Reply reply =
                    http.upload("/v1/collections/" + reference + "/documents?wait=true", name(i), files.get(i));
            JsonNode doc = reply.json();
            if (reply.status() == 202) {
                doc = awaitJob(jobId(doc), 300_000);
                doc = doc.path("document").isMissingNode() ? documentByName(reference, name(i)) : doc.path("document");
            }
            if (!reply.ok() || doc.path("chunkCount").asInt() <= 0) {
                return r.put("pass", false).put("error", "reference ingestion failed: HTTP " + reply.status());
            }
            expected.put(name(i), doc.path("chunkCount").asInt());
        }

        int succeeded = 0;
        int exact = 0;
        List<String> mismatches = new ArrayList<>();
        for (JsonNode doc :
                http.get("/v1/collections/" + collection + "/documents").json()) {
            String title = doc.path("externalId").asText(doc.path("title").asText());
            int apiChunks = doc.path("chunkCount").asInt();
            int rows = chunkRows(UUID.fromString(doc.path("id").asText()));
            if (doc.path("status").asText().equals("succeeded")) {
                succeeded++;
            }
            if (expected.getOrDefault(title, -1) == apiChunks && apiChunks == rows) {
                exact++;
            } else {
                mismatches.add(title + ": expected " + expected.get(title) + ", api " + apiChunks + ", rows " + rows);
            }
        }
        boolean pass = succeeded == DOCUMENTS
                && exact == DOCUMENTS
                && finalStates.values().stream().allMatch("succeeded"::equals);
        r.put("pass", pass)
                .put("documents", DOCUMENTS)
                .put("jobs_terminal_before_kill", terminalBeforeKill)
                .put("restart_ms", restartMs)
                .put("resume_to_all_terminal_ms", resumeMs)
                .put("succeeded", succeeded)
                .put("exact_chunk_counts", exact);
        r.set("mismatches", BenchHttp.JSON.valueToTree(mismatches));
        return r;
    }

    private static String name(int i) {
        return "bulk-" + i + ".txt";
    }

    private static String jobId(JsonNode body) {
        return body.has("jobId") ? body.path("jobId").asText() : body.path("id").asText();
    }

    private String state(String job) {
        JsonNode j = http.get("/v1/jobs/" + job).json();
        return j.has("state") ? j.path("state").asText() : j.path("status").asText();
    }

    private JsonNode awaitJob(String job, long timeoutMs) throws InterruptedException {
        long t0 = System.currentTimeMillis();
        JsonNode last = BenchHttp.JSON.createObjectNode();
        while (System.currentTimeMillis() - t0 < timeoutMs) {
            BenchHttp.Reply reply = http.get("/v1/jobs/" + job);
            if (reply.ok()) {
                last = reply.json();
                String s = last.has("state")
                        ? last.path("state").asText()
                        : last.path("status").asText();
                if (TERMINAL.contains(s)) {
                    return last;
                }
            }
            Thread.sleep(250);
        }
        return last;
    }

    private JsonNode documentByName(String collection, String name) {
        for (JsonNode doc :
                http.get("/v1/collections/" + collection + "/documents").json()) {
            if (name.equals(doc.path("externalId").asText())
                    || name.equals(doc.path("title").asText())) {
                return doc;
            }
        }
        return BenchHttp.JSON.createObjectNode();
    }

    private static int chunkRows(UUID documentId) {
        String url = System.getenv("QUARKUS_DATASOURCE_JDBC_URL");
        try (Connection c = DriverManager.getConnection(
                        url,
                        System.getenv("QUARKUS_DATASOURCE_USERNAME"),
                        System.getenv("QUARKUS_DATASOURCE_PASSWORD"));
                PreparedStatement s = c.prepareStatement("SELECT count(*) FROM chunk WHERE document_id = ?")) {
            s.setObject(1, documentId);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot count chunks: " + e.getMessage(), e);
        }
    }
}
