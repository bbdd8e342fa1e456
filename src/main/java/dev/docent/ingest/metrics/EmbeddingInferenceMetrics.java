package dev.docent.ingest.metrics;

import dev.docent.ingest.embed.Embedder;
import dev.docent.ingest.embed.OnnxBgeSmallEmbedder;
import dev.docent.ingest.embed.onnx.DirectOnnxEmbeddingModel;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * How busy the in-process embedding model's inference threads are: busy seconds (summed over threads; its rate
 * divided by the thread count is the utilisation), texts embedded, texts waiting and the thread count. A pipeline
 * whose inference threads are not close to fully busy while documents are queued is waiting somewhere else.
 */
@ApplicationScoped
public class EmbeddingInferenceMetrics {

    void register(@Observes StartupEvent event, MeterRegistry registry, Embedder embedder) {
        if (!(embedder instanceof OnnxBgeSmallEmbedder onnx)) {
            return;
        }
        DirectOnnxEmbeddingModel model = onnx.model();
        FunctionCounter.builder("docent.embed.inference.busy", model, DirectOnnxEmbeddingModel::busySeconds)
                .baseUnit("seconds")
                .description("Time the embedding inference threads spent embedding, summed over threads")
                .register(registry);
        FunctionCounter.builder("docent.embed.inference.cpu", model, DirectOnnxEmbeddingModel::cpuSeconds)
                .baseUnit("seconds")
                .description("CPU time the embedding inference threads used, summed over threads")
                .register(registry);
        FunctionCounter.builder("docent.embed.inference.texts", model, DirectOnnxEmbeddingModel::embedded)
                .description("Texts embedded by the inference threads (passages and queries)")
                .register(registry);
        Gauge.builder("docent.embed.inference.queued", model, DirectOnnxEmbeddingModel::queued)
                .description("Texts waiting for an embedding inference thread")
                .register(registry);
        Gauge.builder("docent.embed.inference.threads", model, DirectOnnxEmbeddingModel::threads)
                .description("Embedding inference threads (each with its own ONNX Runtime session)")
                .register(registry);
    }
}
