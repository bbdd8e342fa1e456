package dev.docent.ingest.embed;

import dev.docent.ingest.embed.onnx.DirectOnnxEmbeddingModel;
import dev.docent.shared.cache.TtlCache;
import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.EmbeddingModel;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** An {@link Embedder} over a LangChain4j {@link EmbeddingModel} (in-process), applying the spec's prefixes. */
public class LangChain4jEmbedder implements Embedder {
    /** How long a query's vector is kept for {@link #recentQuery}: the time between a search and its answer. */
    static final Duration RECENT = Duration.ofSeconds(30);

    private final ModelSpec spec;
    private final EmbeddingModel model;
    private final TtlCache<String, float[]> recent = new TtlCache<>(RECENT, 1_000);

    public LangChain4jEmbedder(ModelSpec spec, EmbeddingModel model) {
        this.spec = spec;
        this.model = model;
    }

    /** The LangChain4j model underneath (for its statistics and its lifecycle). */
    public EmbeddingModel model() {
        return model;
    }

    @Override
    public ModelSpec spec() {
        return spec;
    }

    @Override
    public List<float[]> embedPassages(List<String> texts) {
        if (texts.isEmpty()) {
            return List.of();
        }
        List<TextSegment> segments = texts.stream()
                .map(t -> TextSegment.from(spec.passagePrefix() + t))
                .toList();
        return model.embedAll(segments).content().stream()
                .map(Embedding::vector)
                .toList();
    }

    @Override
    public List<float[]> embedPassagesPromptly(List<String> texts) {
        if (!(model instanceof DirectOnnxEmbeddingModel direct)) {
            return embedPassages(texts);
        }
        return direct
                .embedAllPromptly(
                        texts.stream().map(t -> spec.passagePrefix() + t).toList())
                .stream()
                .map(Embedding::vector)
                .toList();
    }

    @Override
    public float[] embedQuery(String query) {
        float[] vector = model.embed(spec.queryPrefix() + query).content().vector();
        recent.put(query, vector);
        return vector;
    }

    @Override
    public Optional<float[]> recentQuery(String query) {
        return Optional.ofNullable(recent.peek(query));
    }
}
