package dev.docent.ingest.health;

import static org.assertj.core.api.Assertions.assertThat;

import dev.docent.ingest.embed.Embedder;
import dev.docent.ingest.embed.InProcessEmbeddingModels;
import dev.docent.ingest.embed.ModelSpec;
import java.util.List;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.junit.jupiter.api.Test;

class EmbeddingModelReadinessTest {

    /** An embedder whose every call fails, in process or behind an endpoint. */
    static Embedder failing(boolean inProcess, ModelSpec spec) {
        return new Embedder() {
            @Override
            public ModelSpec spec() {
                return spec;
            }

            @Override
            public boolean inProcess() {
                return inProcess;
            }

            @Override
            public List<float[]> embedPassages(List<String> texts) {
                throw new IllegalStateException("down");
            }

            @Override
            public float[] embedQuery(String query) {
                throw new IllegalStateException("down");
            }
        };
    }

    @Test
    void anInProcessModelThatDoesNotLoadIsNotReadyButARemoteEndpointIsNotProbed() {
        ModelSpec spec = InProcessEmbeddingModels.spec(InProcessEmbeddingModels.BGE_SMALL)
                .orElseThrow();
        assertThat(new EmbeddingModelReadiness(failing(true, spec)).call().getStatus())
                .isEqualTo(HealthCheckResponse.Status.DOWN);
        // an endpoint down at startup kept every replica out of rotation (its outages are 503s per request)
        assertThat(new EmbeddingModelReadiness(failing(false, spec)).call().getStatus())
                .isEqualTo(HealthCheckResponse.Status.UP);
    }
}
