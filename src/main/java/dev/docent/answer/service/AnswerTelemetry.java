package dev.docent.answer.service;

import dev.docent.shared.telemetry.Spans;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;

/**
 * Answer metrics: {@code docent.answer.tokens} (provider, type=input|output), {@code docent.answer.cost.usd}
 * (provider), {@code docent.answer.provider.errors} (provider, reason), {@code docent.answer.latency} (answerer,
 * grounded) and {@code docent.answer.first.token} (answerer, time to first token).
 */
@ApplicationScoped
public class AnswerTelemetry {
    private final MeterRegistry registry;
    private final Spans spans;

    AnswerTelemetry(MeterRegistry registry, Spans spans) {
        this.registry = registry;
        this.spans = spans;
    }

    /** Runs one provider call in a span {@code answer.provider.<name>}. */
    public <T> T providerCall(String provider, java.util.function.Supplier<T> call) {
        return spans.in("answer.provider." + provider, call);
    }

    public void usage(String provider, Usage usage) {
        tokens(provider, "input").increment(usage.inputTokens());
        tokens(provider, "output").increment(usage.outputTokens());
        Counter.builder("docent.answer.cost.usd")
                .description("Estimated provider cost of answers in USD")
                .tag("provider", provider)
                .register(registry)
                .increment(usage.costUsd());
    }

    public void providerError(String provider, String reason) {
        Counter.builder("docent.answer.provider.errors")
                .description("Provider calls that failed or were rejected, by reason")
                .tag("provider", provider)
                .tag("reason", reason)
                .register(registry)
                .increment();
    }

    public void answered(String answerer, boolean grounded, Duration latency) {
        Timer.builder("docent.answer.latency")
                .description("Time to a complete answer")
                .tag("answerer", answerer)
                .tag("grounded", Boolean.toString(grounded))
                .publishPercentileHistogram()
                .register(registry)
                .record(latency);
    }

    public void firstToken(String answerer, Duration latency) {
        Timer.builder("docent.answer.first.token")
                .description("Time from the request to the first answer token")
                .tag("answerer", answerer)
                .publishPercentileHistogram()
                .register(registry)
                .record(latency);
    }

    /** A streamed answer whose client went away before it finished; its provider call was cancelled. */
    public void cancelled() {
        Counter.builder("docent.answer.stream.cancelled")
                .description("Streamed answers cancelled by a client disconnect")
                .register(registry)
                .increment();
    }

    /** A blocking answer whose caller left before the next provider was called; that provider was not called. */
    public void abandoned() {
        Counter.builder("docent.answer.abandoned")
                .description("Blocking answers whose caller left; no further provider was called for them")
                .register(registry)
                .increment();
    }

    private Counter tokens(String provider, String type) {
        return Counter.builder("docent.answer.tokens")
                .description("Tokens used by answer providers")
                .tag("provider", provider)
                .tag("type", type)
                .register(registry);
    }
}
