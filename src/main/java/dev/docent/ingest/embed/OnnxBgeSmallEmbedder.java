package dev.docent.ingest.embed;

import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.bgesmallenv15q.BgeSmallEnV15QuantizedEmbeddingModel;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/**
 * In-process bge-small-en-v1.5 (quantized ONNX, shipped in a Maven jar): no network, no API key. Queries get
 * the instruction prefix the model was trained with for retrieval.
 */
@ApplicationScoped
public class OnnxBgeSmallEmbedder implements Embedder {
    static final String QUERY_PREFIX = "Represent this sentence for searching relevant passages: ";

    private final EmbeddingModel model = new BgeSmallEnV15QuantizedEmbeddingModel();

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
}
