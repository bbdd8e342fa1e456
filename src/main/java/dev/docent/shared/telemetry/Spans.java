package dev.docent.shared.telemetry;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * OpenTelemetry spans for pipeline stages and provider calls (no-ops unless tracing is enabled and an OTLP
 * endpoint configured; see docs/operations.md). Span names: {@code ingest.<stage>}, {@code retrieve.<stage>},
 * {@code answer.provider.<name>}.
 */
@ApplicationScoped
public class Spans {
    private final Tracer tracer;

    Spans(Tracer tracer) {
        this.tracer = tracer;
    }

    /** Runs {@code work} in a span of that name; a failure marks the span as an error and is rethrown. */
    public <T> T in(String name, Supplier<T> work) {
        Span span = tracer.spanBuilder(name).startSpan();
        try (Scope ignored = span.makeCurrent()) {
            return work.get();
        } catch (RuntimeException e) {
            span.setStatus(StatusCode.ERROR, e.getClass().getSimpleName());
            throw e;
        } finally {
            span.end();
        }
    }

    /** Records a span for a stage that already ran from {@code startNanos} to {@code endNanos} (System.nanoTime). */
    public void record(String name, long startNanos, long endNanos) {
        Instant end = Instant.now();
        tracer.spanBuilder(name)
                .setStartTimestamp(end.minusNanos(Math.max(0, endNanos - startNanos)))
                .startSpan()
                .end(end.toEpochMilli(), TimeUnit.MILLISECONDS);
    }
}
