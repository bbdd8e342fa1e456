package dev.docent.retrieve.config;

import dev.docent.retrieve.rerank.FeatureReranker;
import dev.docent.retrieve.rerank.HttpApiReranker;
import dev.docent.retrieve.rerank.OnnxCrossEncoderScoringModel;
import dev.docent.retrieve.rerank.ScoringModelReranker;
import dev.docent.retrieve.service.Reranker;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import java.nio.file.Path;
import org.jboss.logging.Logger;

/** Chooses the {@link Reranker} named by {@code docent.retrieve.rerank.provider}. */
@ApplicationScoped
public class RerankerProducer {
    private static final Logger LOG = Logger.getLogger(RerankerProducer.class);

    /**
     * Builds the reranker at startup: a missing or unreadable cross-encoder, or an unknown provider, stops the
     * service with its reason, where the bean built on first use had made every reranked search and answer a 500.
     */
    void buildAtStartup(@Observes StartupEvent event, Reranker reranker) {
        LOG.infof("reranker: %s", reranker.name());
    }

    @Produces
    @ApplicationScoped
    Reranker reranker(RetrieveConfig config, Instance<HttpApiReranker> http) {
        RetrieveConfig.Rerank r = config.rerank();
        return switch (r.provider()) {
            case "features" -> new FeatureReranker(r.features());
            case "http" -> http.get();
            case "onnx" ->
                new ScoringModelReranker(
                        new OnnxCrossEncoderScoringModel(
                                Path.of(
                                        r.onnx()
                                                .modelPath()
                                                .orElseThrow(
                                                        () -> new IllegalStateException(
                                                                "docent.retrieve.rerank.onnx.model-path is required for the onnx reranker"))),
                                r.onnx().maxTokens()),
                        "onnx");
            default ->
                throw new IllegalStateException(
                        "unknown docent.retrieve.rerank.provider: " + r.provider() + " (features, onnx, http)");
        };
    }
}
