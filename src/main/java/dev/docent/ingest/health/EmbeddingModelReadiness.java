package dev.docent.ingest.health;

import dev.docent.ingest.embed.Embedder;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready once the embedding model loads and returns a vector of the expected dimension. */
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
