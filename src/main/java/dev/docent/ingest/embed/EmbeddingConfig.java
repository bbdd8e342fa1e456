package dev.docent.ingest.embed;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/**
 * Embedding models (prefix {@code docent.embedding}). Fault-tolerance numbers of the remote providers are SmallRye
 * Fault Tolerance keys, e.g. {@code quarkus.fault-tolerance."dev.docent.ingest.embed.OpenAiEmbeddingProvider/embed".timeout.value}.
 */
@ConfigMapping(prefix = "docent.embedding")
public interface EmbeddingConfig {

    /**
     * Model of new collections: {@code bge-small-en-v1.5-q} or {@code all-minilm-l6-v2-q} (in-process ONNX), or a
     * configured remote one, {@code openai:<model>} / {@code ollama:<model>}. Existing collections keep their model
     * until it is changed with {@code PATCH /v1/collections/{id}} (which re-embeds them in the background).
     */
    @WithDefault("bge-small-en-v1.5-q")
    String model();

    /** OpenAI-compatible {@code /v1/embeddings} (OpenAI, vLLM, LM Studio, TEI, gateways); off unless a model is set. */
    Remote openai();

    /** Ollama's {@code /api/embed}; off unless a model is set. */
    Remote ollama();

    /** One remote embedding endpoint. */
    interface Remote {
        /** Base URL, e.g. {@code https://api.openai.com/v1} or {@code http://localhost:11434}. */
        @WithDefault("http://localhost:11434")
        String baseUrl();

        /** API key; not needed by local servers. */
        Optional<String> apiKey();

        /** Model name at the endpoint, e.g. {@code text-embedding-3-small} or {@code nomic-embed-text}. */
        Optional<String> model();

        /**
         * Vector dimension the model returns (384, 768, 1024 or 1536: the dimensions with an HNSW index). For OpenAI
         * it is also sent as {@code dimensions} so models that support shortening return exactly this.
         */
        @WithDefault("768")
        int dimensions();

        /** Most tokens the model accepts per input (its own tokenizer). */
        @WithDefault("8191")
        int maxTokens();

        /** Texts per HTTP call. */
        @WithDefault("64")
        int batchSize();

        /** Instruction prefix for queries, if the model wants one (e.g. nomic: {@code search_query: }). */
        Optional<String> queryPrefix();

        /** Prefix for passages, if the model wants one (e.g. nomic: {@code search_document: }). */
        Optional<String> passagePrefix();

        /** Socket timeout of one call; the fault-tolerance timeout (shorter) is what callers see. */
        @WithDefault("PT60S")
        Duration httpTimeout();
    }
}
