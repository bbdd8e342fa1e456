package dev.docent.ingest.embed;

import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.exception.NonRetriableException;
import dev.langchain4j.internal.ExceptionMapper;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.ollama.OllamaEmbeddingModel;
import dev.langchain4j.model.openai.internal.OpenAiClient;
import dev.langchain4j.model.openai.internal.embedding.Embedding;
import dev.langchain4j.model.openai.internal.embedding.EmbeddingRequest;
import dev.langchain4j.model.openai.internal.embedding.EmbeddingResponse;
import java.util.List;

/**
 * Builds the raw LangChain4j clients of the remote endpoints, package-private: only the provider beans (which own
 * fault tolerance) call them. LangChain4j's own retries are off; SmallRye Fault Tolerance retries.
 */
final class RemoteEmbeddingModels {
    private RemoteEmbeddingModels() {}

    /** One request: the texts in, one vector per text out, in the texts' order. */
    interface Batch {
        List<float[]> embed(List<String> texts);
    }

    /**
     * OpenAI's {@code /embeddings} through LangChain4j's OpenAI client, one level below its {@code
     * OpenAiEmbeddingModel}: the model takes the reply's vectors in the order they arrive, but the API pairs each with
     * its input by {@code index} (a server may answer in any order), so each vector is placed by its index here, and a
     * reply whose indexes are not each input's once is refused.
     */
    static Batch openAi(EmbeddingConfig.Remote c) {
        OpenAiClient client = OpenAiClient.builder()
                .baseUrl(c.baseUrl())
                .apiKey(c.apiKey().orElse("unused"))
                .connectTimeout(c.httpTimeout())
                .readTimeout(c.httpTimeout())
                .build();
        String model = c.model().orElseThrow();
        return texts -> {
            EmbeddingResponse reply =
                    ExceptionMapper.DEFAULT.withExceptionMapper(() -> client.embedding(EmbeddingRequest.builder()
                                    .model(model)
                                    .input(texts)
                                    .dimensions(c.dimensions())
                                    .build())
                            .execute());
            return byIndex(reply.data() == null ? List.of() : reply.data(), texts.size());
        };
    }

    static List<float[]> byIndex(List<Embedding> data, int inputs) {
        if (data.size() != inputs) {
            throw new BadEmbeddingReply(
                    "the embedding endpoint returned " + data.size() + " vectors for " + inputs + " texts");
        }
        float[][] out = new float[inputs][];
        for (Embedding e : data) {
            Integer i = e.index();
            if (i == null || i < 0 || i >= inputs || out[i] != null) {
                throw new BadEmbeddingReply("the embedding endpoint's reply pairs its vectors with inputs " + i
                        + " (each of 0 to " + (inputs - 1) + " once expected)");
            }
            List<Float> v = e.embedding() == null ? List.of() : e.embedding();
            out[i] = new float[v.size()];
            for (int d = 0; d < v.size(); d++) {
                out[i][d] = v.get(d) == null ? Float.NaN : v.get(d);
            }
        }
        return List.of(out);
    }

    static Batch ollama(EmbeddingConfig.Remote c) {
        EmbeddingModel model = OllamaEmbeddingModel.builder()
                .baseUrl(c.baseUrl())
                .modelName(c.model().orElseThrow())
                .timeout(c.httpTimeout())
                .maxRetries(0)
                .build();
        // Ollama's /api/embed answers in the inputs' order (its reply has no index)
        return texts -> model.embedAll(texts.stream().map(TextSegment::from).toList()).content().stream()
                .map(dev.langchain4j.data.embedding.Embedding::vector)
                .toList();
    }

    /** The endpoint answered, but not with one usable vector per text: not retried, not the breaker's business. */
    static final class BadEmbeddingReply extends NonRetriableException {
        BadEmbeddingReply(String message) {
            super(message);
        }
    }
}
