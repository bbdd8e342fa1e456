package dev.docent.ingest.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.docent.ingest.embed.OnnxBgeSmallEmbedder;
import dev.docent.ingest.embed.onnx.DirectOnnxEmbeddingModel;
import dev.docent.ingest.service.IngestionPipeline;
import java.io.BufferedReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Ingestion throughput: uploads a BEIR corpus (e.g. SciFact) to the running service over HTTP, in multi-file
 * requests, waits for every job, then embeds exactly the stored chunks again with the same model in this process,
 * flat out, to get the embedding floor. Prints docs/s, chunks/s, the service's peak RSS and the ratio of
 * pipeline chunks/s to embed-only chunks/s, and ends with one JSON line.
 *
 * <p>Usage: {@code ./docent bench ingest --dataset PATH [--limit N] [--batch FILES_PER_REQUEST]
 * [--concurrency PARALLEL_REQUESTS] [--embed-threads CALLER_THREADS_OF_THE_BASELINE]
 * [--warmup DOCS_INGESTED_UNTIMED_FIRST]}
 */
public final class IngestBench {
    private static final ObjectMapper JSON = new ObjectMapper();

    private IngestBench() {}

    public static void main(String[] args) throws Exception {
        Map<String, String> opts = options(args);
        Path dataset = Path.of(opts.getOrDefault("dataset", "../shared/datasets/scifact"));
        int limit = Integer.parseInt(opts.getOrDefault("limit", "0"));
        int batch = Integer.parseInt(opts.getOrDefault("batch", "50"));
        int concurrency = Integer.parseInt(opts.getOrDefault("concurrency", "2"));
        int embedThreads = Integer.parseInt(opts.getOrDefault("embed-threads", "2"));
        int warmup = Integer.parseInt(opts.getOrDefault("warmup", "50"));

        List<BenchClient.Part> docs = corpus(dataset.resolve("corpus.jsonl"), limit);
        BenchClient client = BenchClient.fromEnv();
        if (warmup > 0) {
            // untimed: a fresh service JIT-compiles Tika, Hibernate and the pipeline during its first documents
            String warm = client.createCollection("bench-ingest-warmup-" + System.currentTimeMillis());
            for (String id :
                    uploadAll(client, warm, docs.subList(0, Math.min(warmup, docs.size())), batch, concurrency)) {
                await(client, id);
            }
            System.out.printf("warm-up: %d documents ingested (not timed)%n", Math.min(warmup, docs.size()));
        }
        String collection = client.createCollection("bench-ingest-" + System.currentTimeMillis());
        System.out.printf(
                "ingest: %d documents from %s, %d per request, %d requests in parallel%n",
                docs.size(), dataset, batch, concurrency);

        double seconds;
        double peakMb;
        List<JsonNode> finished = new ArrayList<>();
        String servicePid =
                System.getenv().getOrDefault("DOCENT_SERVICE_PID", "").strip();
        int pgPort = CpuTime.port(System.getenv("QUARKUS_DATASOURCE_JDBC_URL"));
        double serviceCpu0 = CpuTime.process(servicePid);
        double pgCpu0 = CpuTime.postgres(pgPort);
        double workersCpu0 = CpuTime.children(servicePid);
        String benchPid = String.valueOf(ProcessHandle.current().pid());
        double benchCpu0 = CpuTime.process(benchPid);
        double machineCpu0 = CpuTime.machineBusy();
        Inference before = Inference.scrape(client);
        Inference after;
        try (RssSampler rss = new RssSampler()) {
            long t0 = System.nanoTime();
            List<String> jobIds = uploadAll(client, collection, docs, batch, concurrency);
            for (String id : jobIds) {
                finished.add(await(client, id));
            }
            seconds = (System.nanoTime() - t0) / 1e9;
            peakMb = rss.peakMb();
            after = Inference.scrape(client);
        }
        double serviceCpu = CpuTime.process(servicePid) - serviceCpu0;
        double pgCpu = CpuTime.postgres(pgPort) - pgCpu0;
        double workersCpu = CpuTime.children(servicePid) - workersCpu0;
        double benchCpu = CpuTime.process(benchPid) - benchCpu0;
        double machineCpu = CpuTime.machineBusy() - machineCpu0;
        int succeeded = 0;
        int failed = 0;
        int chunks = 0;
        for (JsonNode job : finished) {
            succeeded += job.path("documentsSucceeded").asInt();
            failed += job.path("documentsFailed").asInt();
            chunks += job.path("chunksDone").asInt();
        }
        double docsPerSecond = succeeded / seconds;
        double chunksPerSecond = chunks / seconds;
        System.out.printf(
                "pipeline: %d documents (%d failed), %d chunks in %.1f s: %.2f docs/s, %.2f chunks/s%n",
                succeeded, failed, chunks, seconds, docsPerSecond, chunksPerSecond);

        // Where the pipeline waits: were the service's inference threads busy all along (then the gap to embed-only
        // is CPU taken by parsing, PostgreSQL and everything else on the machine), or idle part of the time?
        double busy = after.busySeconds() - before.busySeconds();
        double utilisation = after.threads() > 0 ? busy / (after.threads() * seconds) : -1;
        double inServiceRate = busy > 0 ? (after.texts() - before.texts()) / busy * after.threads() : -1;
        System.out.printf(
                "service inference threads: %.0f%% busy over the run (%d threads, %.1f busy s); while busy they"
                        + " embedded %.2f chunks/s%n",
                utilisation * 100, (int) after.threads(), busy, inServiceRate);
        double inferenceCpu = after.cpuSeconds() - before.cpuSeconds();
        System.out.printf("service inference CPU %.1f ms per chunk%n", chunks > 0 ? 1000 * inferenceCpu / chunks : 0);
        System.out.printf(
                "CPU during the run: service %.1f s (inference %.1f s = %.0f%%), PostgreSQL %.1f s; inference is %.0f%%"
                        + " of service + PostgreSQL CPU%n",
                serviceCpu,
                inferenceCpu,
                serviceCpu > 0 ? 100 * inferenceCpu / serviceCpu : 0,
                pgCpu,
                serviceCpu + pgCpu > 0 ? 100 * inferenceCpu / (serviceCpu + pgCpu) : 0);
        int cores = Runtime.getRuntime().availableProcessors();
        System.out.printf(
                "parse workers %.1f s, this bench client %.1f s; the machine was busy %.1f of %.1f core-seconds (%.0f%%);"
                        + " per chunk: inference %.1f ms, everything else %.1f ms%n",
                workersCpu,
                benchCpu,
                machineCpu,
                cores * seconds,
                100 * machineCpu / (cores * seconds),
                chunks > 0 ? 1000 * inferenceCpu / chunks : 0,
                chunks > 0 ? 1000 * (machineCpu - inferenceCpu) / chunks : 0);

        List<String> texts = embeddingTexts(collection);
        double embedOnly = embedOnly(texts, embedThreads);
        System.out.printf(
                "embed only: %d chunks, %.2f chunks/s (same direct ONNX path, %d inference threads; batches of 32"
                        + " from %d callers)%n",
                texts.size(), embedOnly, Runtime.getRuntime().availableProcessors(), embedThreads);
        double ratio = embedOnly == 0 ? 0 : chunksPerSecond / embedOnly;
        System.out.printf(
                "ratio pipeline/embed-only: %.3f (target >= 0.90); service peak RSS %.1f MB%n", ratio, peakMb);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("docs", succeeded);
        out.put("failed", failed);
        out.put("chunks", chunks);
        out.put("seconds", round(seconds));
        out.put("docs_per_s", round(docsPerSecond));
        out.put("chunks_per_s", round(chunksPerSecond));
        out.put("embed_only_chunks_per_s", round(embedOnly));
        out.put("ratio", round(ratio));
        out.put("peak_rss_mb", peakMb);
        out.put("inference_utilisation", round(utilisation));
        out.put("service_cpu_s", round(serviceCpu));
        out.put("inference_cpu_s", round(inferenceCpu));
        out.put("postgres_cpu_s", round(pgCpu));
        out.put("parse_workers_cpu_s", round(workersCpu));
        out.put("bench_client_cpu_s", round(benchCpu));
        out.put("machine_busy_cpu_s", round(machineCpu));
        out.put("in_service_inference_chunks_per_s", round(inServiceRate));
        System.out.println(JSON.writeValueAsString(out));
    }

    private static List<String> uploadAll(
            BenchClient client, String collection, List<BenchClient.Part> docs, int batch, int concurrency)
            throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(concurrency);
        try {
            List<Future<String>> futures = new ArrayList<>();
            for (int from = 0; from < docs.size(); from += batch) {
                List<BenchClient.Part> slice = docs.subList(from, Math.min(docs.size(), from + batch));
                futures.add(pool.submit(() -> client.upload(collection, slice)));
            }
            List<String> ids = new ArrayList<>();
            for (Future<String> f : futures) {
                ids.add(f.get());
            }
            return ids;
        } finally {
            pool.shutdown();
        }
    }

    /** The service's embedding inference counters (all zero when the service does not export them). */
    private record Inference(double busySeconds, double cpuSeconds, double texts, double threads) {
        static Inference scrape(BenchClient client) {
            String metrics = client.metrics();
            return new Inference(
                    value(metrics, "docent_embed_inference_busy_seconds_total"),
                    value(metrics, "docent_embed_inference_cpu_seconds_total"),
                    value(metrics, "docent_embed_inference_texts_total"),
                    value(metrics, "docent_embed_inference_threads"));
        }

        private static double value(String metrics, String name) {
            for (String line : metrics.split("\n")) {
                if (line.startsWith(name + " ") || line.startsWith(name + "{")) {
                    return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
                }
            }
            return 0;
        }
    }

    static JsonNode await(BenchClient client, String jobId) throws InterruptedException {
        while (true) {
            JsonNode job = client.job(jobId);
            if (job.path("terminal").asBoolean()) {
                return job;
            }
            Thread.sleep(250);
        }
    }

    /** The texts the pipeline embedded for the stored chunks: title, heading path and table header prepended. */
    private static List<String> embeddingTexts(String collection) throws Exception {
        List<String> texts = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(
                        System.getenv("QUARKUS_DATASOURCE_JDBC_URL"),
                        System.getenv("QUARKUS_DATASOURCE_USERNAME"),
                        System.getenv("QUARKUS_DATASOURCE_PASSWORD"));
                PreparedStatement ps = c.prepareStatement(
                        "SELECT d.title, k.text, k.heading_path, k.table_header FROM chunk k JOIN"
                                + " document d ON d.id = k.document_id WHERE k.collection_id = ?::uuid ORDER BY k.id")) {
            ps.setString(1, collection);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String[] headings = (String[]) rs.getArray(3).getArray();
                    texts.add(IngestionPipeline.embeddingText(
                            rs.getString(1), Arrays.asList(headings), rs.getString(4), rs.getString(2)));
                }
            }
        }
        return texts;
    }

    /**
     * Chunks per second embedding {@code texts} with the service's embedder class (the same direct ONNX path, one
     * inference thread per core), called like the ingestion workers call it: batches of 32 from {@code callers}
     * threads.
     */
    private static double embedOnly(List<String> texts, int callers) throws Exception {
        OnnxBgeSmallEmbedder embedder = new OnnxBgeSmallEmbedder(0);
        try {
            embedder.embedPassages(texts.subList(0, Math.min(EmbedTiming.SLICE, texts.size()))); // warm up
            double cpu0 = ((DirectOnnxEmbeddingModel) embedder.model()).cpuSeconds();
            double seconds = EmbedTiming.seconds(embedder, texts, callers);
            double cpu = ((DirectOnnxEmbeddingModel) embedder.model()).cpuSeconds() - cpu0;
            System.out.printf("embed only: inference CPU %.1f s = %.1f ms per chunk%n", cpu, 1000 * cpu / texts.size());
            return texts.size() / seconds;
        } finally {
            embedder.close();
        }
    }

    private static List<BenchClient.Part> corpus(Path jsonl, int limit) throws Exception {
        List<BenchClient.Part> docs = new ArrayList<>();
        try (BufferedReader in = Files.newBufferedReader(jsonl, StandardCharsets.UTF_8)) {
            for (String line; (line = in.readLine()) != null && (limit <= 0 || docs.size() < limit); ) {
                if (line.isBlank()) {
                    continue;
                }
                JsonNode node = JSON.readTree(line);
                String text = node.path("title").asText("") + "\n\n"
                        + node.path("text").asText("");
                docs.add(new BenchClient.Part(
                        node.path("_id").asText() + ".txt", text.getBytes(StandardCharsets.UTF_8)));
            }
        }
        return docs;
    }

    static Map<String, String> options(String[] args) {
        Map<String, String> opts = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (args[i].startsWith("--") && i + 1 < args.length) {
                opts.put(args[i].substring(2), args[++i]);
            } else {
                throw new IllegalArgumentException("unexpected argument " + args[i]);
            }
        }
        return opts;
    }

    static double round(double v) {
        return Math.round(v * 100) / 100.0;
    }
}
