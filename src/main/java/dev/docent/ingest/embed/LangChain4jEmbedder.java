package dev.docent.ingest.embed;

import dev.docent.ingest.embed.onnx.DirectOnnxEmbeddingModel;
import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.EmbeddingModel;
import java.util.List;

/** An {@link Embedder} over a LangChain4j {@link EmbeddingModel} (in-process), applying the spec's prefixes. */
public class LangChain4jEmbedder implements Embedder {
    private final ModelSpec spec;
    private final EmbeddingModel model;

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
        return model.embed(spec.queryPrefix() + query).content().vector();
    }
}
