package dev.docent.ingest.embed.onnx;

import static org.assertj.core.api.Assertions.assertThat;

import dev.langchain4j.data.embedding.Embedding;
import java.util.List;

/** Compares two embedding paths text by text. */
final class OnnxEquivalence {
    static final double MIN_COSINE = 0.9999;

    private OnnxEquivalence() {}

    /** Asserts every pair has cosine >= {@value #MIN_COSINE}; returns the smallest cosine. */
    static double assertEquivalent(List<String> texts, List<Embedding> expected, List<Embedding> actual) {
        assertThat(actual).hasSameSizeAs(expected);
        double min = 1;
        for (int i = 0; i < texts.size(); i++) {
            double cos = Vectors.cosine(expected.get(i).vector(), actual.get(i).vector());
            assertThat(cos)
                    .as("cosine for text %d (%d chars)", i, texts.get(i).length())
                    .isGreaterThanOrEqualTo(MIN_COSINE);
            min = Math.min(min, cos);
        }
        return min;
    }
}
