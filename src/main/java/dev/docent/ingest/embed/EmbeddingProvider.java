package dev.docent.ingest.embed;

import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.EmbeddingModel;
import java.util.List;
import java.util.function.Supplier;

/**
 * What the remote embedding provider beans share: the provider's LangChain4j client, built on first use (so an
 * unconfigured provider costs nothing). Each subclass is one bean that owns the fault tolerance of its
 * {@code embed} call (one HTTP request for one batch), because SmallRye Fault Tolerance is configured per bean
 * class and method.
 */
public abstract class EmbeddingProvider {
    private final Supplier<EmbeddingModel> factory;
    private volatile EmbeddingModel model;

    /** For the client proxy only. */
    EmbeddingProvider() {
        this(null);
    }

    EmbeddingProvider(Supplier<EmbeddingModel> factory) {
        this.factory = factory;
    }

    /** Embeds one batch of already-prefixed texts in one request. */
    public abstract List<float[]> embed(List<String> texts);

    List<float[]> call(List<String> texts) {
        List<TextSegment> segments = texts.stream().map(TextSegment::from).toList();
        List<Embedding> out = model().embedAll(segments).content();
        if (out.size() != texts.size()) {
            throw new IllegalStateException(
                    "the embedding endpoint returned " + out.size() + " vectors for " + texts.size() + " texts");
        }
        return out.stream().map(Embedding::vector).toList();
    }

    private EmbeddingModel model() {
        EmbeddingModel m = model;
        if (m == null) {
            synchronized (this) {
                if (model == null) {
                    model = factory.get();
                }
                m = model;
            }
        }
        return m;
    }
}
