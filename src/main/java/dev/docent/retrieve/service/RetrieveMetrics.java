package dev.docent.retrieve.service;

import dev.docent.shared.telemetry.Spans;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.function.Supplier;

/**
 * Per-stage timers of retrieval, {@code docent.retrieve.stage{stage=embed|ann|keyword|fusion|rerank}}, and how dense
 * searches read their vectors, {@code docent.retrieve.vector.scans{scan=hnsw|exact}}.
 */
@ApplicationScoped
public class RetrieveMetrics {
    public static final String STAGE_TIMER = "docent.retrieve.stage";
    public static final String SCAN_COUNTER = "docent.retrieve.vector.scans";

    private final MeterRegistry registry;
    private final Spans spans;

    RetrieveMetrics(MeterRegistry registry, Spans spans) {
        this.registry = registry;
        this.spans = spans;
    }

    /** Runs {@code work} in a span {@code retrieve.<stage>} and records its duration under {@code stage}. */
    public <T> T time(String stage, Supplier<T> work) {
        Timer timer = Timer.builder(STAGE_TIMER)
                .description("Time spent in one retrieval stage")
                .tag("stage", stage)
                .register(registry);
        return spans.in("retrieve." + stage, () -> timer.record(work));
    }

    /** Counts one dense search read by {@code scan} ({@code hnsw} or {@code exact}). */
    public void scanned(String scan) {
        Counter.builder(SCAN_COUNTER)
                .description("Dense searches by how they read the vectors")
                .tag("scan", scan)
                .register(registry)
                .increment();
    }
}
