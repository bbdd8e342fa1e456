package dev.docent.ingest.health;

import dev.docent.ingest.embed.Embedder;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready once the default embedding model loads and returns a vector of the expected dimension. A remote default model
 * is not probed: its endpoint's outages are answered 503 request by request, and a probe that took the replica out
 * of rotation kept every pod unready while the endpoint was down at startup (keyword search and collections on other
 * models would have worked), and once passed it was never checked again.
 */
@Readiness
@ApplicationScoped
public class EmbeddingModelReadiness implements HealthCheck {
    private final Embedder embedder;
    private volatile boolean verified;

    EmbeddingModelReadiness(Embedder embedder) {
        this.embedder = embedder;
    }

    @Override
    public HealthCheckResponse call() {
        var builder = HealthCheckResponse.named("embedding-model").withData("model", embedder.modelId());
        if (!embedder.inProcess()) {
            return builder.withData("probe", "remote endpoint, not probed").up().build();
        }
        if (!verified) {
            try {
                verified = embedder.embedQuery("readiness probe").length == embedder.dimension();
            } catch (RuntimeException e) {
                return builder.withData("error", "model failed to load").down().build();
            }
        }
        return verified ? builder.up().build() : builder.down().build();
    }
}
