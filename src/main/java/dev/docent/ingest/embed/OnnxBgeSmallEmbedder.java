package dev.docent.ingest.embed;

/**
 * In-process bge-small-en-v1.5 (quantized ONNX, shipped in a Maven jar): no network, no API key. Queries get the
 * instruction prefix the model was trained with for retrieval. The service gets it from {@link EmbeddingModels};
 * the benchmarks build it directly.
 */
public class OnnxBgeSmallEmbedder extends LangChain4jEmbedder {
    static final String QUERY_PREFIX = "Represent this sentence for searching relevant passages: ";

    public OnnxBgeSmallEmbedder() {
        super(
                InProcessEmbeddingModels.spec(InProcessEmbeddingModels.BGE_SMALL)
                        .orElseThrow(),
                InProcessEmbeddingModels.create(InProcessEmbeddingModels.BGE_SMALL));
    }
}
