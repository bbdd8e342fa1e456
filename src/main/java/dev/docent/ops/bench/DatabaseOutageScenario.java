package dev.docent.ops.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Stop PostgreSQL while clients search and list: readiness must go DOWN, API calls must get 503 with
 * Retry-After (never 500), and the service must recover on its own once PostgreSQL is back.
 */
final class DatabaseOutageScenario implements FaultScenarios.Scenario {
    private static final int CLIENTS = 4;
    private static final long OUTAGE_MS = 10_000;

    private record Outcome(long atMs, int status, boolean retryAfter) {}

    private final BenchHttp http;
    private final LocalStack stack;

    DatabaseOutageScenario(BenchHttp http, LocalStack stack) {
        this.http = http;
        this.stack = stack;
    }

    @Override
    public ObjectNode run() throws Exception {
        ObjectNode r = BenchHttp.JSON.createObjectNode();
        if (!stack.ownsDatabase()) {
            return r.putNull("pass").put("skipped", "the database is not the launcher's local cluster");
        }
        if (http.get("/q/health/ready").status() != 200) {
            return r.put("pass", false).put("error", "service not ready before the outage");
        }
        String collection = http.createCollection("faults-db");
        Random random = new Random(3);
        for (int i = 0; i < 3; i++) {
            http.upload(
                    "/v1/collections/" + collection + "/documents?wait=true",
                    "outage-" + i + ".txt",
                    TextCorpus.document(random, 30));
        }
        long t0 = System.nanoTime();
        ConcurrentLinkedQueue<Outcome> outcomes = new ConcurrentLinkedQueue<>();
        AtomicBoolean running = new AtomicBoolean(true);
        ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
        for (int c = 0; c < CLIENTS; c++) {
            int client = c;
            clients.submit(() -> {
                Random rnd = new Random(client);
                while (running.get()) {
                    BenchHttp.Reply reply = rnd.nextBoolean()
                            ? http.get("/v1/collections")
                            : http.postJson(
                                    "/v1/collections/" + collection + "/search",
                                    BenchHttp.JSON.createObjectNode().put("query", TextCorpus.question(rnd)));
                    outcomes.add(new Outcome(
                            ms(t0), reply.status(), reply.retryAfter().isPresent()));
                    sleep(50);
                }
                return null;
            });
        }
        sleep(3000);
        long stopAt = ms(t0);
        System.out.println("  stopping PostgreSQL at " + stopAt + " ms");
        stack.stopDatabase();
        long readinessDownAt = -1;
        for (long deadline = ms(t0) + 30_000; ms(t0) < deadline; sleep(250)) {
            if (http.get("/q/health/ready").status() == 503) {
                readinessDownAt = ms(t0);
                break;
            }
        }
        System.out.println("  readiness DOWN at " + readinessDownAt + " ms");
        sleep(OUTAGE_MS);
        long startAt = ms(t0);
        System.out.println("  starting PostgreSQL at " + startAt + " ms");
        stack.startDatabase();
        long readyAgainAt = -1;
        for (long deadline = ms(t0) + 90_000; ms(t0) < deadline; sleep(250)) {
            if (http.get("/q/health/ready").status() == 200) {
                readyAgainAt = ms(t0);
                break;
            }
        }
        System.out.println("  readiness UP again at " + readyAgainAt + " ms");
        sleep(3000);
        running.set(false);
        clients.shutdown();
        clients.awaitTermination(120, TimeUnit.SECONDS);
        long end = ms(t0);

        Map<String, Integer> byStatus = new TreeMap<>();
        int s503 = 0;
        int s503WithoutRetryAfter = 0;
        int s500 = 0;
        int transport = 0;
        int afterRecovery = 0;
        int afterRecoveryOk = 0;
        for (Outcome o : outcomes) {
            byStatus.merge(Integer.toString(o.status()), 1, Integer::sum);
            if (o.status() == 503) {
                s503++;
                if (!o.retryAfter()) {
                    s503WithoutRetryAfter++;
                }
            } else if (o.status() >= 500) {
                s500++;
            } else if (o.status() == 0) {
                transport++;
            }
            if (readyAgainAt > 0 && o.atMs() > readyAgainAt + 1000) {
                afterRecovery++;
                if (o.status() >= 200 && o.status() < 300) {
                    afterRecoveryOk++;
                }
            }
        }
        int finalSearch = http.postJson(
                        "/v1/collections/" + collection + "/search",
                        BenchHttp.JSON.createObjectNode().put("query", "which component retries failed requests"))
                .status();
        boolean pass = readinessDownAt > 0
                && s503 > 0
                && s503WithoutRetryAfter == 0
                && s500 == 0
                && transport == 0
                && readyAgainAt > 0
                && afterRecovery > 0
                && afterRecoveryOk == afterRecovery
                && finalSearch == 200;
        r.put("pass", pass)
                .put("requests", outcomes.size())
                .put("responses_503", s503)
                .put("responses_503_without_retry_after", s503WithoutRetryAfter)
                .put("responses_5xx_other", s500)
                .put("transport_failures", transport)
                .put("readiness_down_after_ms", readinessDownAt < 0 ? -1 : readinessDownAt - stopAt)
                .put("outage_ms", startAt - stopAt)
                .put("recovered_after_db_start_ms", readyAgainAt < 0 ? -1 : readyAgainAt - startAt)
                .put("requests_after_recovery", afterRecovery)
                .put("requests_after_recovery_ok", afterRecoveryOk)
                .put("final_search_status", finalSearch)
                .put("duration_ms", end);
        r.set("by_status", BenchHttp.JSON.valueToTree(byStatus));
        return r;
    }

    private static long ms(long t0) {
        return (System.nanoTime() - t0) / 1_000_000;
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
