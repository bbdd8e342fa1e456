package dev.docent.retrieve.config;

import dev.docent.retrieve.rerank.FeatureReranker;
import dev.docent.retrieve.rerank.HttpApiReranker;
import dev.docent.retrieve.rerank.OnnxCrossEncoderScoringModel;
import dev.docent.retrieve.rerank.ScoringModelReranker;
import dev.docent.retrieve.service.Reranker;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import java.nio.file.Path;

/** Chooses the {@link Reranker} named by {@code docent.retrieve.rerank.provider}. */
@ApplicationScoped
public class RerankerProducer {

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
