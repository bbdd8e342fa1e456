package dev.docent.ops.metrics;

import dev.docent.ops.config.OpsConfig;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Duration;

/**
 * Prometheus histogram buckets for the HTTP server timers and every {@code docent.*} timer. Without buckets
 * Micrometer publishes only count/sum/max, and percentiles cannot be aggregated across replicas. Buckets are
 * bounded (1 ms .. 120 s) to keep the series count small.
 */
@Singleton
public class HistogramMeterFilter {

    @Produces
    @Singleton
    MeterFilter histograms(OpsConfig ops) {
        boolean enabled = ops.histograms();
        return new MeterFilter() {
            @Override
            public DistributionStatisticConfig configure(Meter.Id id, DistributionStatisticConfig config) {
                if (!enabled || id.getType() != Meter.Type.TIMER || !covered(id.getName())) {
                    return config;
                }
                return DistributionStatisticConfig.builder()
                        .percentilesHistogram(true)
                        .minimumExpectedValue((double) Duration.ofMillis(1).toNanos())
                        .maximumExpectedValue((double) Duration.ofSeconds(120).toNanos())
                        .build()
                        .merge(config);
            }
        };
    }

    static boolean covered(String name) {
        return name.startsWith("docent.") || name.equals("http.server.requests");
    }
}
