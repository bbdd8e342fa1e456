package dev.docent.ingest.embed;

import dev.docent.ingest.config.IngestConfig;
import dev.docent.shared.error.DocentException;
import dev.docent.shared.error.ErrorCode;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The registry of embedding models a collection may use: the in-process ONNX models (always) and the remote
 * endpoints that are configured ({@code docent.embedding.openai.model}, {@code docent.embedding.ollama.model}).
 * Embedders are built on first use and kept, so a model nobody uses is never loaded.
 */
@ApplicationScoped
public class EmbeddingModels {
    private final EmbeddingConfig config;
    private final int inferenceThreads;
    private final OpenAiEmbeddingProvider openAi;
    private final OllamaEmbeddingProvider ollama;
    private final Map<String, Embedder> loaded = new ConcurrentHashMap<>();

    EmbeddingModels(
            EmbeddingConfig config,
            IngestConfig ingest,
            OpenAiEmbeddingProvider openAi,
            OllamaEmbeddingProvider ollama) {
        this.config = config;
        this.inferenceThreads = ingest.embedThreads();
        this.openAi = openAi;
        this.ollama = ollama;
    }

    /** The model new collections get ({@code docent.embedding.model}). */
    public String defaultModelId() {
        return config.model();
    }

    /** The embedder of the default model. */
    public Embedder defaultEmbedder() {
        return forModel(config.model());
    }

    /** The ids a collection may use. */
    public java.util.SortedSet<String> available() {
        TreeSet<String> ids = new TreeSet<>(InProcessEmbeddingModels.ids());
        config.openai().model().ifPresent(m -> ids.add(OpenAiEmbeddingProvider.PREFIX + m));
        config.ollama().model().ifPresent(m -> ids.add(OllamaEmbeddingProvider.PREFIX + m));
        return ids;
    }

    /** The spec of a known model, or {@code validation_failed}. */
    public ModelSpec spec(String id) {
        return InProcessEmbeddingModels.spec(id)
                .or(() -> remoteSpec(id))
                .orElseThrow(() -> new DocentException(
                        ErrorCode.VALIDATION_FAILED,
                        "Unknown embedding model '" + id + "'; available: " + String.join(", ", available())));
    }

    /** The embedder of a known model (loaded on first use), or {@code validation_failed}. */
    public Embedder forModel(String id) {
        Embedder e = loaded.get(id);
        if (e != null) {
            return e;
        }
        ModelSpec spec = spec(id);
        return loaded.computeIfAbsent(id, k -> build(spec));
    }

    /**
     * The embedder of the model a collection's vectors come from: one this server does not configure (a remote model
     * removed or renamed in its settings) is the server's problem, {@code unavailable}, not the client's 400.
     */
    public Embedder forStoredModel(String id) {
        try {
            return forModel(id);
        } catch (DocentException e) {
            if (e.errorCode() != ErrorCode.VALIDATION_FAILED) {
                throw e;
            }
            throw new DocentException(
                    ErrorCode.UNAVAILABLE,
                    "The collection's embedding model '" + id + "' is not configured on this server; configure it,"
                            + " or switch the collection to another model.");
        }
    }

    private Embedder build(ModelSpec spec) {
        if (InProcessEmbeddingModels.spec(spec.id()).isPresent()) {
            return new LangChain4jEmbedder(spec, InProcessEmbeddingModels.create(spec.id(), inferenceThreads));
        }
        if (spec.id().startsWith(OpenAiEmbeddingProvider.PREFIX)) {
            return new RemoteEmbedder(spec, openAi, config.openai().batchSize());
        }
        return new RemoteEmbedder(spec, ollama, config.ollama().batchSize());
    }

    /** Stops the inference threads of the in-process models that were loaded. */
    @PreDestroy
    void close() {
        for (Embedder e : loaded.values()) {
            if (e instanceof LangChain4jEmbedder l && l.model() instanceof AutoCloseable closeable) {
                try {
                    closeable.close();
                } catch (Exception ignored) {
                    // shutting down: nothing left to do with a model that fails to close
                }
            }
        }
    }

    private Optional<ModelSpec> remoteSpec(String id) {
        return remote(id, OpenAiEmbeddingProvider.PREFIX, config.openai())
                .or(() -> remote(id, OllamaEmbeddingProvider.PREFIX, config.ollama()));
    }

    /**
     * A remote model's tokenizer is not the chunker's: its counts are estimated with a ratio of 1.5 (BPE
     * vocabularies of OpenAI and common Ollama models produce fewer tokens than WordPiece on English; 1.5 leaves
     * room for code, numbers and other languages).
     */
    private static Optional<ModelSpec> remote(String id, String prefix, EmbeddingConfig.Remote c) {
        return c.model()
                .filter(m -> id.equals(prefix + m))
                .map(m -> new ModelSpec(
                        id,
                        c.dimensions(),
                        c.queryPrefix().orElse(""),
                        c.passagePrefix().orElse(""),
                        c.maxTokens(),
                        1.5,
                        false));
    }
}
