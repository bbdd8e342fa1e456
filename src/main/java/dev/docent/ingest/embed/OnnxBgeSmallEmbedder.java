package dev.docent.ingest.embed;

import dev.docent.ingest.embed.onnx.DirectOnnxEmbeddingModel;

/**
 * In-process bge-small-en-v1.5 (quantized ONNX, shipped in a Maven jar) on {@link DirectOnnxEmbeddingModel}, built
 * directly by the benchmarks and tools that run outside the service. The service gets the same model from
 * {@link EmbeddingModels}. Queries get the instruction prefix the model was trained with for retrieval.
 */
public class OnnxBgeSmallEmbedder extends LangChain4jEmbedder implements AutoCloseable {
    static final String QUERY_PREFIX = "Represent this sentence for searching relevant passages: ";

    /** {@code threads} inference threads, 0 = one per available processor. */
    public OnnxBgeSmallEmbedder(int threads) {
        super(
                InProcessEmbeddingModels.spec(InProcessEmbeddingModels.BGE_SMALL)
                        .orElseThrow(),
                InProcessEmbeddingModels.create(InProcessEmbeddingModels.BGE_SMALL, threads));
    }

    @Override
    public void close() {
        ((DirectOnnxEmbeddingModel) model()).close();
    }
}
