package dev.docent.ingest.embed;

import dev.docent.ingest.config.IngestConfig;
import dev.docent.ingest.embed.onnx.DirectOnnxEmbeddingModel;
import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;

/**
 * In-process bge-small-en-v1.5 (quantized ONNX, shipped in a Maven jar): no network, no API key. Queries get
 * the instruction prefix the model was trained with for retrieval. Runs on {@link DirectOnnxEmbeddingModel}: one
 * inference thread per core, shared by all callers (ingestion workers and queries), queries first.
 */
@ApplicationScoped
public class OnnxBgeSmallEmbedder implements Embedder {
    static final String QUERY_PREFIX = "Represent this sentence for searching relevant passages: ";

    private final DirectOnnxEmbeddingModel model;

    // No no-arg constructor on purpose: the CDI client proxy would call it and start a second model.

    @Inject
    OnnxBgeSmallEmbedder(IngestConfig config) {
        this(config.embedThreads());
    }

    /** {@code threads} inference threads, 0 = one per available processor (benchmarks and tools outside the service). */
    public OnnxBgeSmallEmbedder(int threads) {
        this.model = DirectOnnxEmbeddingModel.bgeSmallEnV15Quantized(
                threads > 0 ? threads : DirectOnnxEmbeddingModel.defaultThreads());
    }

    @Override
    public String modelId() {
        return "bge-small-en-v1.5-q";
    }

    @Override
    public int dimension() {
        return 384;
    }

    @Override
    public List<float[]> embedPassages(List<String> texts) {
        if (texts.isEmpty()) {
            return List.of();
        }
        List<TextSegment> segments = texts.stream().map(TextSegment::from).toList();
        return model.embedAll(segments).content().stream()
                .map(Embedding::vector)
                .toList();
    }

    @Override
    public float[] embedQuery(String query) {
        return model.embed(QUERY_PREFIX + query).content().vector();
    }

    /** The model, for its inference statistics. */
    public DirectOnnxEmbeddingModel model() {
        return model;
    }

    @PreDestroy
    public void close() {
        model.close();
    }
}
