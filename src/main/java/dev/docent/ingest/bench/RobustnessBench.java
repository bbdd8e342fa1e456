package dev.docent.ingest.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Robustness: uploads every file under a directory (e.g. the Tika test corpus) to the running service, one job per
 * file, and waits for all of them. Prints a table per format (the file's parent directory): files ingested, failed
 * by error code, and processing seconds; then one JSON line. When no job has moved at all (no document finished,
 * no chunk embedded, in any job) for longer than the stall limit, the unfinished files count as hung; a service that stops answering (or whose process disappears) counts as a crash.
 *
 * <p>Usage: {@code ./docent bench robustness --dir PATH [--stall-seconds 180]}
 */
public final class RobustnessBench {
    private static final ObjectMapper JSON = new ObjectMapper();

    private RobustnessBench() {}

    /** What happened to one file. */
    record Outcome(String format, String file, boolean ingested, String code, double seconds) {}

    public static void main(String[] args) throws Exception {
        Map<String, String> opts = IngestBench.options(args);
        Path dir = Path.of(opts.getOrDefault("dir", "../shared/corpus/tika"));
        Duration stall = Duration.ofSeconds(Long.parseLong(opts.getOrDefault("stall-seconds", "180")));
        List<Path> files;
        try (Stream<Path> walk = Files.walk(dir)) {
            files = walk.filter(Files::isRegularFile)
                    .filter(p -> !p.getParent().equals(dir)) // MANIFEST.tsv, SOURCE.txt
                    .sorted()
                    .toList();
        }
        BenchClient client = BenchClient.fromEnv();
        String collection = client.createCollection("bench-robustness-" + System.currentTimeMillis());
        System.out.printf("robustness: %d files from %s%n", files.size(), dir);

        Map<String, Path> jobs = new LinkedHashMap<>();
        List<Outcome> outcomes = new ArrayList<>();
        int hung = 0;
        boolean crashed = false;
        long t0 = System.nanoTime();
        double peakMb;
        double peakChildrenMb;
        double peakTotalMb;
        try (RssSampler rss = new RssSampler()) {
            for (Path file : files) {
                jobs.put(
                        client.upload(
                                collection,
                                List.of(new BenchClient.Part(file.getFileName().toString(), BenchClient.read(file)))),
                        file);
            }
            Map<String, Path> open = new LinkedHashMap<>(jobs);
            Instant lastProgress = Instant.now();
            long lastWork = -1;
            while (!open.isEmpty()) {
                if (!rss.alive() || !client.healthy()) {
                    crashed = true;
                    break;
                }
                boolean progressed = false;
                long work = 0;
                for (var it = open.entrySet().iterator(); it.hasNext(); ) {
                    var e = it.next();
                    JsonNode job = client.job(e.getKey());
                    if (job.path("terminal").asBoolean()) {
                        outcomes.add(outcome(dir, e.getValue(), job));
                        it.remove();
                        progressed = true;
                    } else {
                        // a job still moving (archive entries done, chunks embedded) is queued work, not a hang
                        work += job.path("documentsSucceeded").asLong()
                                + job.path("documentsFailed").asLong()
                                + job.path("documentsTotal").asLong()
                                + job.path("chunksDone").asLong();
                    }
                }
                progressed |= work != lastWork;
                lastWork = work;
                if (progressed) {
                    lastProgress = Instant.now();
                } else if (Duration.between(lastProgress, Instant.now()).compareTo(stall) > 0) {
                    hung = open.size();
                    open.values().forEach(p -> System.out.println("HUNG: " + dir.relativize(p)));
                    break;
                }
                Thread.sleep(500);
            }
            peakMb = rss.peakMb();
            peakChildrenMb = rss.peakChildrenMb();
            peakTotalMb = rss.peakTotalMb();
        }
        double total = (System.nanoTime() - t0) / 1e9;
        print(outcomes);
        Map<String, Integer> byCode = new TreeMap<>();
        outcomes.stream().filter(o -> !o.ingested()).forEach(o -> byCode.merge(o.code(), 1, Integer::sum));
        long ingested = outcomes.stream().filter(Outcome::ingested).count();
        System.out.printf(
                "%d files in %.1f s; service peak RSS %.1f MB, parse workers' peak RSS (summed) %.1f MB,"
                        + " service + workers peak %.1f MB%n",
                files.size(), total, peakMb, peakChildrenMb, peakTotalMb);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("files", files.size());
        out.put("ingested", ingested);
        out.put("failed", outcomes.size() - ingested);
        out.put("hung", hung);
        out.put("crashed", crashed ? 1 : 0);
        out.put("seconds", IngestBench.round(total));
        out.put("peak_rss_mb", peakMb);
        out.put("peak_children_rss_mb", peakChildrenMb);
        out.put("peak_total_rss_mb", peakTotalMb);
        out.put("by_code", byCode);
        System.out.println(JSON.writeValueAsString(out));
    }

    /** A file is ingested when its job produced at least one document (archives: any entry). */
    private static Outcome outcome(Path dir, Path file, JsonNode job) {
        String format = dir.relativize(file).getName(0).toString();
        boolean ingested = job.path("documentsSucceeded").asInt() > 0;
        String code = null;
        double seconds = 0;
        for (JsonNode d : job.path("documents")) {
            if (code == null && d.hasNonNull("errorCode")) {
                code = d.path("errorCode").asText();
            }
            if (d.hasNonNull("startedAt") && d.hasNonNull("finishedAt")) {
                seconds += Duration.between(
                                        Instant.parse(d.path("startedAt").asText()),
                                        Instant.parse(d.path("finishedAt").asText()))
                                .toMillis()
                        / 1000.0;
            }
        }
        return new Outcome(format, file.getFileName().toString(), ingested, ingested ? null : code, seconds);
    }

    private static void print(List<Outcome> outcomes) {
        Map<String, List<Outcome>> byFormat = new TreeMap<>();
        outcomes.forEach(o ->
                byFormat.computeIfAbsent(o.format(), k -> new ArrayList<>()).add(o));
        System.out.printf("%-8s %6s %8s %6s %8s  %s%n", "format", "files", "ingested", "failed", "seconds", "failures");
        byFormat.forEach((format, list) -> {
            Map<String, Integer> codes = new TreeMap<>();
            list.stream().filter(o -> !o.ingested()).forEach(o -> codes.merge(o.code(), 1, Integer::sum));
            long ok = list.stream().filter(Outcome::ingested).count();
            double seconds = list.stream().mapToDouble(Outcome::seconds).sum();
            System.out.printf(
                    "%-8s %6d %8d %6d %8.1f  %s%n", format, list.size(), ok, list.size() - ok, seconds, codes);
        });
    }
}
