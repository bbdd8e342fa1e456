package dev.docent.ops.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Operational behaviour of the service (error back-off hints, metrics resolution). */
@ConfigMapping(prefix = "docent.ops")
public interface OpsConfig {

    /**
     * {@code Retry-After} sent with 503 {@code unavailable} when a dependency (the database) cannot be reached;
     * rounded up to whole seconds.
     */
    @WithDefault("PT5S")
    Duration retryAfter();

    /**
     * Publish Prometheus histogram buckets for the HTTP server timers and every {@code docent.*} timer, so
     * dashboards can aggregate percentiles across replicas with {@code histogram_quantile}.
     */
    @WithDefault("true")
    boolean histograms();
}
