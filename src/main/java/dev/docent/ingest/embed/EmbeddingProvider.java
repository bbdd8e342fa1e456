package dev.docent.ingest.embed;

import java.util.List;
import java.util.function.Supplier;

/**
 * What the remote embedding provider beans share: the provider's LangChain4j client, built on first use (so an
 * unconfigured provider costs nothing). Each subclass is one bean that owns the fault tolerance of its
 * {@code embed} call (one HTTP request for one batch), because SmallRye Fault Tolerance is configured per bean
 * class and method.
 */
public abstract class EmbeddingProvider {
    private final Supplier<RemoteEmbeddingModels.Batch> factory;
    private volatile RemoteEmbeddingModels.Batch model;

    /** For the client proxy only. */
    EmbeddingProvider() {
        this(null);
    }

    EmbeddingProvider(Supplier<RemoteEmbeddingModels.Batch> factory) {
        this.factory = factory;
    }

    /** Embeds one batch of already-prefixed passages in one request (ingestion's bounds). */
    public abstract List<float[]> embed(List<String> texts);

    /** Embeds a search's already-prefixed query in one request (an interactive request's bounds). */
    public abstract List<float[]> embedQuery(List<String> texts);

    List<float[]> call(List<String> texts) {
        List<float[]> out = model().embed(texts);
        if (out.size() != texts.size()) {
            throw new RemoteEmbeddingModels.BadEmbeddingReply(
                    "the embedding endpoint returned " + out.size() + " vectors for " + texts.size() + " texts");
        }
        return out;
    }

    private RemoteEmbeddingModels.Batch model() {
        RemoteEmbeddingModels.Batch m = model;
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
