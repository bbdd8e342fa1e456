package dev.docent.ingest.embed.onnx;

import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.allminilml6v2q.AllMiniLmL6V2QuantizedEmbeddingModel;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** all-MiniLM-L6-v2-q (mean pooling) through ONNX Runtime directly gives LangChain4j's vectors. */
class AllMiniLmDirectOnnxEmbeddingModelTest extends EmbeddingModelContract {
    private static DirectOnnxEmbeddingModel model;

    @BeforeAll
    static void load() {
        model = DirectOnnxEmbeddingModel.allMiniLmL6V2Quantized(2);
    }

    @AfterAll
    static void close() {
        model.close();
    }

    @Override
    EmbeddingModel model() {
        return model;
    }

    @Override
    int expectedDimension() {
        return 384;
    }

    @Test
    void sameVectorsAsLangChain4j() {
        List<String> texts = EquivalenceTexts.all();
        List<TextSegment> segments = texts.stream().map(TextSegment::from).toList();

        List<Embedding> expected =
                new AllMiniLmL6V2QuantizedEmbeddingModel().embedAll(segments).content();
        List<Embedding> actual = model.embedAll(segments).content();

        double min = OnnxEquivalence.assertEquivalent(texts, expected, actual);
        System.out.printf("all-minilm-l6-v2-q: %d texts, min cosine to LangChain4j %.9f%n", texts.size(), min);
    }
}
