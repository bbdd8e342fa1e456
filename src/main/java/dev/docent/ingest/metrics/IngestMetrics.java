package dev.docent.ingest.metrics;

import dev.docent.ingest.queue.JobQueue;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import javax.sql.DataSource;

/**
 * Gauges of the ingestion queue and corpus: queue depth and age of the oldest queued document, documents by
 * status, and this process's resident memory (current and peak, from /proc). Database-backed values are
 * refreshed at most every few seconds however often they are scraped.
 */
@ApplicationScoped
public class IngestMetrics {
    private static final long REFRESH_NANOS = 5_000_000_000L;

    private final JobQueue queue;
    private final DataSource db;
    private volatile Snapshot snapshot = new Snapshot(new JobQueue.QueueStats(0, 0, 0), Map.of(), 0);

    IngestMetrics(JobQueue queue, DataSource db) {
        this.queue = queue;
        this.db = db;
    }

    void register(@Observes StartupEvent event, MeterRegistry registry) {
        Gauge.builder("docent.ingest.queue.depth", this, m -> m.fresh().stats().queued())
                .tag("state", "queued")
                .description("Documents waiting in the ingestion queue")
                .register(registry);
        Gauge.builder("docent.ingest.queue.depth", this, m -> m.fresh().stats().inProgress())
                .tag("state", "in_progress")
                .description("Documents being ingested by some replica")
                .register(registry);
        Gauge.builder(
                        "docent.ingest.queue.oldest.age",
                        this,
                        m -> m.fresh().stats().oldestQueuedSeconds())
                .baseUnit("seconds")
                .description("Age of the oldest queued document")
                .register(registry);
        for (String status : new String[] {"succeeded", "failed"}) {
            Gauge.builder(
                            "docent.ingest.documents",
                            this,
                            m -> m.fresh().byStatus().getOrDefault(status, 0L))
                    .tag("status", status)
                    .description("Documents by status")
                    .register(registry);
        }
        Gauge.builder("docent.process.rss", () -> procStatusBytes("VmRSS:"))
                .baseUnit("bytes")
                .description("Resident set size of this process")
                .register(registry);
        Gauge.builder("docent.process.rss.peak", () -> procStatusBytes("VmHWM:"))
                .baseUnit("bytes")
                .description("Peak resident set size of this process")
                .register(registry);
    }

    private Snapshot fresh() {
        Snapshot s = snapshot;
        if (System.nanoTime() - s.takenAt() > REFRESH_NANOS) {
            try {
                s = new Snapshot(queue.stats(), byStatus(), System.nanoTime());
            } catch (RuntimeException e) {
                s = new Snapshot(s.stats(), s.byStatus(), System.nanoTime());
            }
            snapshot = s;
        }
        return s;
    }

    private Map<String, Long> byStatus() {
        try (var c = db.getConnection();
                var ps = c.prepareStatement("SELECT status, count(*) FROM document GROUP BY status");
                var rs = ps.executeQuery()) {
            Map<String, Long> counts = new java.util.HashMap<>();
            while (rs.next()) {
                counts.put(rs.getString(1), rs.getLong(2));
            }
            return counts;
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A value in bytes from /proc/self/status (e.g. {@code VmHWM:}), or NaN where there is no /proc. */
    static double procStatusBytes(String key) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith(key)) {
                    String[] parts = line.substring(key.length()).trim().split("\\s+");
                    return Long.parseLong(parts[0]) * 1024.0;
                }
            }
        } catch (Exception e) {
            return Double.NaN;
        }
        return Double.NaN;
    }

    private record Snapshot(JobQueue.QueueStats stats, Map<String, Long> byStatus, long takenAt) {}
}
