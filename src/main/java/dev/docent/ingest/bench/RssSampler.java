package dev.docent.ingest.bench;

import java.nio.file.Files;
import java.nio.file.Path;

/** Samples the resident memory of the service process (DOCENT_SERVICE_PID) from /proc while a benchmark runs. */
final class RssSampler implements AutoCloseable {
    private final Path status;
    private final Thread thread;
    private volatile boolean running = true;
    private volatile long peakKb;
    private volatile long peakChildrenKb;
    private volatile long peakTotalKb;
    private final ProcessHandle service;

    RssSampler() {
        String pid = System.getenv("DOCENT_SERVICE_PID");
        this.status = pid == null || pid.isBlank() ? null : Path.of("/proc", pid.strip(), "status");
        this.service = status == null
                ? null
                : ProcessHandle.of(Long.parseLong(pid.strip())).orElse(null);
        this.thread = Thread.ofPlatform().daemon().name("rss-sampler").start(this::run);
    }

    private void run() {
        while (running && status != null) {
            long kb = read(status, "VmRSS:");
            if (kb > peakKb) {
                peakKb = kb;
            }
            long children = childrenKb();
            peakChildrenKb = Math.max(peakChildrenKb, children);
            peakTotalKb = Math.max(peakTotalKb, kb + children);
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** Whether the service process still exists (true when its pid is unknown). */
    boolean alive() {
        return status == null || Files.exists(status);
    }

    /** Peak RSS of the service in MB during the run, or -1 when its pid is unknown. */
    double peakMb() {
        return status == null ? -1 : Math.round(peakKb / 102.4) / 10.0;
    }

    /** Summed RSS of the service's descendant processes (parse workers and what they run, e.g. tesseract). */
    private long childrenKb() {
        if (service == null) {
            return 0;
        }
        // A child between fork and exec (the JDK spawns via vfork semantics) shares the service's memory and would
        // report the service's RSS again: such a child still shows the service's own command line; skip it.
        String own = service.info().commandLine().orElse("");
        return service.descendants()
                .filter(p -> own.isEmpty() || !own.equals(p.info().commandLine().orElse("")))
                .mapToLong(p -> read(Path.of("/proc", Long.toString(p.pid()), "status"), "VmRSS:"))
                .sum();
    }

    /** Peak of the summed RSS of the service's child processes in MB (0 when parsing runs in-process). */
    double peakChildrenMb() {
        return status == null ? -1 : Math.round(peakChildrenKb / 102.4) / 10.0;
    }

    /** Peak of service + children RSS, sampled together, in MB. */
    double peakTotalMb() {
        return status == null ? -1 : Math.round(peakTotalKb / 102.4) / 10.0;
    }

    static long read(Path status, String key) {
        try {
            for (String line : Files.readAllLines(status)) {
                if (line.startsWith(key)) {
                    return Long.parseLong(line.substring(key.length()).trim().split("\\s+")[0]);
                }
            }
        } catch (Exception e) {
            return 0;
        }
        return 0;
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
    }
}
