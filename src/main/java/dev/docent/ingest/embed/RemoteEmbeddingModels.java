package dev.docent.ingest.embed;

import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.ollama.OllamaEmbeddingModel;
import dev.langchain4j.model.openai.OpenAiEmbeddingModel;

/**
 * Builds the raw LangChain4j clients of the remote endpoints, package-private: only the provider beans (which own
 * fault tolerance) call them. LangChain4j's own retries are off; SmallRye Fault Tolerance retries.
 */
final class RemoteEmbeddingModels {
    private RemoteEmbeddingModels() {}

    static EmbeddingModel openAi(EmbeddingConfig.Remote c) {
        return OpenAiEmbeddingModel.builder()
                .baseUrl(c.baseUrl())
                .apiKey(c.apiKey().orElse("unused"))
                .modelName(c.model().orElseThrow())
                .dimensions(c.dimensions())
                .maxSegmentsPerBatch(c.batchSize())
                .timeout(c.httpTimeout())
                .maxRetries(0)
                .build();
    }

    static EmbeddingModel ollama(EmbeddingConfig.Remote c) {
        return OllamaEmbeddingModel.builder()
                .baseUrl(c.baseUrl())
                .modelName(c.model().orElseThrow())
                .timeout(c.httpTimeout())
                .maxRetries(0)
                .build();
    }
}
