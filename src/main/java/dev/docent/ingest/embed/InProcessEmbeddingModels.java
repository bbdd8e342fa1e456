package dev.docent.ingest.embed;

import dev.docent.ingest.embed.onnx.DirectOnnxEmbeddingModel;
import dev.langchain4j.model.embedding.EmbeddingModel;
import java.util.Map;
import java.util.Optional;

/**
 * The in-process ONNX models shipped in Maven jars: no network, no key. {@link #create(String, int)} is the single seam
 * that builds their LangChain4j {@link EmbeddingModel}, driven on ONNX Runtime directly ({@link DirectOnnxEmbeddingModel}).
 */
public final class InProcessEmbeddingModels {
    public static final String BGE_SMALL = "bge-small-en-v1.5-q";
    public static final String MINILM = "all-minilm-l6-v2-q";

    /**
     * Both use the bert-base-uncased WordPiece vocabulary of the chunker's tokenizer, so chunk sizes are counted in
     * their own tokens. bge-small takes 512 positions (510 + [CLS]/[SEP]; LangChain4j splits longer inputs and
     * averages). The all-MiniLM-L6-v2 jar ships a {@code tokenizer.json} that truncates to 128 tokens, so it embeds
     * only the first 126 word pieces of a chunk (measured: appending text after 300 tokens leaves its vector
     * unchanged, cosine 1.0; docs/embedding-models.md).
     */
    private static final Map<String, ModelSpec> SPECS = Map.of(
            BGE_SMALL,
            new ModelSpec(
                    BGE_SMALL, 384, "Represent this sentence for searching relevant passages: ", "", 510, 1.0, false),
            MINILM,
            new ModelSpec(MINILM, 384, "", "", 126, 1.0, true));

    private InProcessEmbeddingModels() {}

    /** The spec of an in-process model, if {@code id} names one. */
    public static Optional<ModelSpec> spec(String id) {
        return Optional.ofNullable(SPECS.get(id));
    }

    /** The ids of the in-process models. */
    public static java.util.Set<String> ids() {
        return SPECS.keySet();
    }

    /**
     * Loads the model (tens of MB, a second or two) on ONNX Runtime directly with {@code threads} inference threads
     * (0 = one per available processor; ADR 0008): call once per model, keep it and close it.
     */
    public static DirectOnnxEmbeddingModel create(String id, int threads) {
        int n = threads > 0 ? threads : DirectOnnxEmbeddingModel.defaultThreads();
        return switch (id) {
            case BGE_SMALL -> DirectOnnxEmbeddingModel.bgeSmallEnV15Quantized(n);
            case MINILM -> DirectOnnxEmbeddingModel.allMiniLmL6V2Quantized(n);
            default -> throw new IllegalArgumentException("not an in-process embedding model: " + id);
        };
    }
}
