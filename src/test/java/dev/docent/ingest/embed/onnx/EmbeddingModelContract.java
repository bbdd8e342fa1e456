package dev.docent.ingest.embed.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.EmbeddingModel;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What every in-process {@link EmbeddingModel} of Docent promises; an adapter's test extends this. */
abstract class EmbeddingModelContract {

    /** The model under test (shared by the test class). */
    abstract EmbeddingModel model();

    abstract int expectedDimension();

    @Test
    void vectorsHaveTheDimensionAndUnitLength() {
        float[] v = model().embed("Aspirin lowers the risk of heart attacks.")
                .content()
                .vector();

        assertThat(v).hasSize(expectedDimension());
        assertThat(model().dimension()).isEqualTo(expectedDimension());
        double norm = 0;
        for (float x : v) {
            norm += x * x;
        }
        assertThat(Math.sqrt(norm)).isCloseTo(1.0, within(1e-5));
    }

    @Test
    void embedAllKeepsTheOrderAndMatchesSingleEmbeddings() {
        List<String> texts =
                List.of("alpha particles", "a recipe for bread", "the stock market fell", "alpha particles");

        List<Embedding> all =
                model().embedAll(texts.stream().map(TextSegment::from).toList()).content();

        assertThat(all).hasSize(texts.size());
        for (int i = 0; i < texts.size(); i++) {
            assertThat(all.get(i).vector())
                    .containsExactly(model().embed(texts.get(i)).content().vector());
        }
        assertThat(all.get(0).vector()).containsExactly(all.get(3).vector());
    }

    @Test
    void relatedTextsAreCloserThanUnrelatedOnes() {
        float[] q = model().embed("How do vaccines train the immune system?")
                .content()
                .vector();
        float[] near = model().embed("Vaccination exposes the immune system to an antigen so it builds memory cells.")
                .content()
                .vector();
        float[] far = model().embed("The recipe needs two cups of flour and an egg.")
                .content()
                .vector();

        assertThat(Vectors.cosine(q, near)).isGreaterThan(Vectors.cosine(q, far));
    }

    @Test
    void emptyBatchGivesNoVectors() {
        assertThat(model().embedAll(List.of()).content()).isEmpty();
    }
}
