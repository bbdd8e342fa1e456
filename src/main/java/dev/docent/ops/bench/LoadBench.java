package dev.docent.ops.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code ./docent bench load [--clients N] [--seconds S] [--soak] [--mix SEARCH:ANSWER:UPLOAD] [--seed-docs N]}:
 * N concurrent clients mix searches, answers and small uploads against the local service for a fixed time, then
 * print throughput, p50/p95/p99 per endpoint, errors, and the service's RSS at start and end (soak mode samples
 * RSS over time and prints its slope). Loopback only. The last line is one JSON object with the figures.
 */
public final class LoadBench {

    enum Op {
        SEARCH,
        ANSWER,
        UPLOAD
    }

    record Options(int clients, int seconds, boolean soak, int[] mix, int seedDocs) {
        static Options parse(String[] args) {
            int clients = 32;
            Integer seconds = null;
            boolean soak = false;
            int[] mix = {60, 30, 10};
            int seedDocs = 20;
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--clients" -> clients = Integer.parseInt(args[++i]);
                    case "--seconds" -> seconds = Integer.parseInt(args[++i]);
                    case "--soak" -> soak = true;
                    case "--seed-docs" -> seedDocs = Integer.parseInt(args[++i]);
                    case "--mix" -> {
                        String[] parts = args[++i].split(":");
                        mix = new int[] {
                            Integer.parseInt(parts[0]), Integer.parseInt(parts[1]), Integer.parseInt(parts[2])
                        };
                    }
                    default ->
                        throw new IllegalArgumentException(
                                "unknown option " + args[i]
                                        + " (usage: bench load [--clients N] [--seconds S] [--soak] [--mix S:A:U] [--seed-docs N])");
                }
            }
            int s = seconds != null ? seconds : soak ? 300 : 30;
            if (clients < 1 || clients > 512 || s < 1 || s > 3600) {
                throw new IllegalArgumentException("--clients 1..512, --seconds 1..3600");
            }
            return new Options(clients, s, soak, mix, seedDocs);
        }
    }

    private final Options options;
    private final BenchHttp http;
    private final Map<Op, LatencyStats> latency = new EnumMap<>(Op.class);
    private final Map<Op, AtomicLong> errors = new EnumMap<>(Op.class);
    private final Map<String, AtomicLong> errorsByStatus = new ConcurrentHashMap<>();
    private final List<long[]> rssSamples = new ArrayList<>(); // [elapsed ms, KiB]

    LoadBench(Options options, BenchHttp http) {
        this.options = options;
        this.http = http;
        for (Op op : Op.values()) {
            latency.put(op, new LatencyStats());
            errors.put(op, new AtomicLong());
        }
    }

    public static void main(String[] args) throws Exception {
        Options options = Options.parse(args);
        LoadBench bench = new LoadBench(options, BenchHttp.fromEnvironment(Duration.ofSeconds(120)));
        System.exit(bench.run() ? 0 : 1);
    }

    boolean run() throws InterruptedException {
        long pid = ProcessMemory.servicePid();
        String collection = http.createCollection("load");
        Random seedRandom = new Random(42);
        for (int i = 0; i < options.seedDocs(); i++) {
            BenchHttp.Reply r = upload(collection, "seed-" + i + ".txt", TextCorpus.document(seedRandom, 40));
            if (!r.ok()) {
                throw new IllegalStateException("seeding failed: HTTP " + r.status() + " " + r.body());
            }
        }
        // Warm-up outside the measurement: JIT, connection pool, model.
        Random warm = new Random(7);
        for (int i = 0; i < 10; i++) {
            search(collection, warm);
            answer(collection, warm);
        }
        System.out.printf(
                "load: %d clients, %d s%s, mix search %d / answer %d / upload %d, collection %s (%d seed docs)%n",
                options.clients(),
                options.seconds(),
                options.soak() ? " (soak)" : "",
                options.mix()[0],
                options.mix()[1],
                options.mix()[2],
                collection,
                options.seedDocs());

        long start = System.nanoTime();
        long deadline = start + TimeUnit.SECONDS.toNanos(options.seconds());
        ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor();
        long sampleEvery = options.soak() ? 10_000 : 2_000;
        sampler.scheduleAtFixedRate(
                () -> ProcessMemory.rssKib(pid).ifPresent(kib -> {
                    synchronized (rssSamples) {
                        rssSamples.add(new long[] {(System.nanoTime() - start) / 1_000_000, kib});
                    }
                }),
                0,
                sampleEvery,
                TimeUnit.MILLISECONDS);
        // Every client is its own user with its own key (per-key rate limits, as with real users).
        String group = "load-" + collection.substring(0, 8);
        http.grant(collection, group, "writer");
        List<String> userKeys = new ArrayList<>();
        for (int c = 0; c < options.clients(); c++) {
            userKeys.add(http.createUserKey(group + "-user-" + c, group));
        }
        ExecutorService clients = Executors.newFixedThreadPool(options.clients());
        AtomicLong uploadSeq = new AtomicLong();
        for (int c = 0; c < options.clients(); c++) {
            int client = c;
            clients.submit(() -> {
                BenchHttp.asUser(userKeys.get(client));
                Random random = new Random(1000L + client);
                while (System.nanoTime() < deadline) {
                    Op op = pick(random);
                    BenchHttp.Reply r = switch (op) {
                        case SEARCH -> search(collection, random);
                        case ANSWER -> answer(collection, random);
                        case UPLOAD ->
                            upload(
                                    collection,
                                    "load-" + uploadSeq.incrementAndGet() + ".txt",
                                    TextCorpus.document(random, 10 + random.nextInt(30)));
                    };
                    latency.get(op).record(r.nanos());
                    if (!r.ok()) {
                        errors.get(op).incrementAndGet();
                        errorsByStatus
                                .computeIfAbsent(op.name().toLowerCase() + ":" + r.status(), k -> new AtomicLong())
                                .incrementAndGet();
                    }
                }
                return null;
            });
        }
        clients.shutdown();
        clients.awaitTermination(options.seconds() + 300L, TimeUnit.SECONDS);
        double elapsed = (System.nanoTime() - start) / 1e9;
        sampler.shutdownNow();
        ProcessMemory.rssKib(pid).ifPresent(kib -> rssSamples.add(new long[] {(long) (elapsed * 1000), kib}));
        return report(elapsed, pid);
    }

    private Op pick(Random random) {
        int total = options.mix()[0] + options.mix()[1] + options.mix()[2];
        int x = random.nextInt(total);
        if (x < options.mix()[0]) {
            return Op.SEARCH;
        }
        return x < options.mix()[0] + options.mix()[1] ? Op.ANSWER : Op.UPLOAD;
    }

    private BenchHttp.Reply search(String collection, Random random) {
        ObjectNode body = BenchHttp.JSON
                .createObjectNode()
                .put("query", TextCorpus.question(random))
                .put("topK", 10);
        return http.postJson("/v1/collections/" + collection + "/search", body);
    }

    private BenchHttp.Reply answer(String collection, Random random) {
        ObjectNode body = BenchHttp.JSON.createObjectNode().put("question", TextCorpus.question(random));
        return http.postJson("/v1/collections/" + collection + "/answers", body);
    }

    /** Synchronous ingestion when the service offers it ({@code ?wait=true}); a 202 job acceptance also counts. */
    private BenchHttp.Reply upload(String collection, String name, byte[] content) {
        return http.upload("/v1/collections/" + collection + "/documents?wait=true", name, content);
    }

    private boolean report(double elapsed, long pid) {
        ObjectNode json = BenchHttp.JSON.createObjectNode();
        json.put("clients", options.clients()).put("seconds", Math.round(elapsed * 10) / 10.0);
        json.put("soak", options.soak());
        ObjectNode endpoints = json.putObject("endpoints");
        long total = 0;
        long totalErrors = 0;
        System.out.printf(
                "%-8s %9s %7s %9s %9s %9s %9s%n",
                "endpoint", "requests", "errors", "req/s", "p50 ms", "p95 ms", "p99 ms");
        for (Op op : Op.values()) {
            LatencyStats s = latency.get(op);
            long n = s.count();
            long e = errors.get(op).get();
            total += n;
            totalErrors += e;
            System.out.printf(
                    "%-8s %9d %7d %9.1f %9.1f %9.1f %9.1f%n",
                    op.name().toLowerCase(),
                    n,
                    e,
                    n / elapsed,
                    s.percentileMs(50),
                    s.percentileMs(95),
                    s.percentileMs(99));
            endpoints
                    .putObject(op.name().toLowerCase())
                    .put("requests", n)
                    .put("errors", e)
                    .put("rps", round(n / elapsed))
                    .put("p50_ms", round(s.percentileMs(50)))
                    .put("p95_ms", round(s.percentileMs(95)))
                    .put("p99_ms", round(s.percentileMs(99)));
        }
        System.out.printf("%-8s %9d %7d %9.1f%n", "total", total, totalErrors, total / elapsed);
        json.put("requests", total).put("errors", totalErrors).put("throughput_rps", round(total / elapsed));
        Map<String, Long> byStatus = new TreeMap<>();
        errorsByStatus.forEach((k, v) -> byStatus.put(k, v.get()));
        if (!byStatus.isEmpty()) {
            System.out.println("errors by endpoint:status (0 = transport failure): " + byStatus);
        }
        json.set("errors_by_status", BenchHttp.JSON.valueToTree(byStatus));
        memory(json, pid);
        System.out.println(json);
        return total > totalErrors;
    }

    private void memory(ObjectNode json, long pid) {
        if (rssSamples.isEmpty()) {
            System.out.println("service RSS: unknown (DOCENT_SERVICE_PID not set or /proc not readable)");
            json.putNull("rss_start_mb").putNull("rss_end_mb");
            return;
        }
        long first = rssSamples.get(0)[1];
        long last = rssSamples.get(rssSamples.size() - 1)[1];
        long max = rssSamples.stream().mapToLong(s -> s[1]).max().orElse(last);
        System.out.printf(
                "service RSS (pid %d): start %.1f MiB, end %.1f MiB, max %.1f MiB%n",
                pid, ProcessMemory.mib(first), ProcessMemory.mib(last), ProcessMemory.mib(max));
        json.put("rss_start_mb", ProcessMemory.mib(first))
                .put("rss_end_mb", ProcessMemory.mib(last))
                .put("rss_max_mb", ProcessMemory.mib(max));
        if (options.soak()) {
            // Slope over the samples after the first fifth (warm-up: heap growth to its working size).
            List<long[]> steady = rssSamples.subList(rssSamples.size() / 5, rssSamples.size());
            double slope = slopeMibPerMinute(steady);
            System.out.println("soak RSS samples (s: MiB):");
            StringBuilder line = new StringBuilder();
            for (long[] s : rssSamples) {
                line.append(String.format(" %d:%.0f", s[0] / 1000, ProcessMemory.mib(s[1])));
            }
            System.out.println(line.toString().strip());
            System.out.printf("soak RSS slope after warm-up: %.2f MiB/min%n", slope);
            json.put("rss_slope_mb_per_min", round(slope));
            json.set(
                    "rss_samples_mb",
                    BenchHttp.JSON.valueToTree(rssSamples.stream()
                            .map(s -> ProcessMemory.mib(s[1]))
                            .toList()));
        }
    }

    /** Least-squares slope of RSS (MiB) over time (minutes). */
    static double slopeMibPerMinute(List<long[]> samples) {
        int n = samples.size();
        if (n < 2) {
            return 0;
        }
        double sx = 0;
        double sy = 0;
        double sxx = 0;
        double sxy = 0;
        for (long[] s : samples) {
            double x = s[0] / 60_000.0;
            double y = s[1] / 1024.0;
            sx += x;
            sy += y;
            sxx += x * x;
            sxy += x * y;
        }
        double d = n * sxx - sx * sx;
        return d == 0 ? 0 : (n * sxy - sx * sy) / d;
    }

    private static double round(double v) {
        return Math.round(v * 10) / 10.0;
    }
}
