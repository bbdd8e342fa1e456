package dev.docent.ingest.embed.onnx;

import dev.langchain4j.model.embedding.onnx.PoolingMode;
import dev.langchain4j.model.embedding.onnx.allminilml6v2q.AllMiniLmL6V2QuantizedEmbeddingModel;
import dev.langchain4j.model.embedding.onnx.bgesmallenv15q.BgeSmallEnV15QuantizedEmbeddingModel;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * A BERT-style ONNX embedding model shipped inside a {@code langchain4j-embeddings-*} jar: the {@code .onnx} file
 * and {@code tokenizer.json} resources, the pooling the model was trained with and its dimension.
 *
 * @param id stable model id stored with each collection
 * @param anchor a class of the jar that holds the resources (used only to find them; never initialised)
 */
public record OnnxModelSpec(
        String id,
        Class<?> anchor,
        String modelResource,
        String tokenizerResource,
        PoolingMode pooling,
        int dimension) {

    /** BAAI bge-small-en-v1.5, int8-quantized: CLS pooling, 384 dimensions. */
    public static final OnnxModelSpec BGE_SMALL_EN_V15_Q = new OnnxModelSpec(
            "bge-small-en-v1.5-q",
            BgeSmallEnV15QuantizedEmbeddingModel.class,
            "/bge-small-en-v1.5-q.onnx",
            "/bge-small-en-v1.5-q-tokenizer.json",
            PoolingMode.CLS,
            384);

    /** sentence-transformers all-MiniLM-L6-v2, int8-quantized: mean pooling, 384 dimensions. */
    public static final OnnxModelSpec ALL_MINILM_L6_V2_Q = new OnnxModelSpec(
            "all-minilm-l6-v2-q",
            AllMiniLmL6V2QuantizedEmbeddingModel.class,
            "/all-minilm-l6-v2-q.onnx",
            "/all-minilm-l6-v2-q-tokenizer.json",
            PoolingMode.MEAN,
            384);

    /** Opens the model's {@code .onnx} resource. */
    InputStream openModel() {
        return open(modelResource);
    }

    /** Opens the model's {@code tokenizer.json} resource. */
    InputStream openTokenizer() {
        return open(tokenizerResource);
    }

    byte[] modelBytes() {
        try (InputStream in = openModel()) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + modelResource, e);
        }
    }

    private InputStream open(String resource) {
        InputStream in = anchor.getResourceAsStream(resource);
        if (in == null) {
            throw new IllegalStateException("resource " + resource + " of model " + id + " is not on the classpath");
        }
        return in;
    }
}
