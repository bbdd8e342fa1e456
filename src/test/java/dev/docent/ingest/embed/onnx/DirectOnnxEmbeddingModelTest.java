package dev.docent.ingest.embed.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.bgesmallenv15q.BgeSmallEnV15QuantizedEmbeddingModel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * bge-small-en-v1.5-q through ONNX Runtime directly must give LangChain4j's vectors (the stored vectors of existing
 * collections stay valid), also for texts over the 512-token window, and stay correct under concurrent callers.
 */
class DirectOnnxEmbeddingModelTest extends EmbeddingModelContract {
    private static DirectOnnxEmbeddingModel model;

    @BeforeAll
    static void load() {
        model = DirectOnnxEmbeddingModel.bgeSmallEnV15Quantized(2);
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
                new BgeSmallEnV15QuantizedEmbeddingModel().embedAll(segments).content();
        List<Embedding> actual = model.embedAll(segments).content();

        double min = OnnxEquivalence.assertEquivalent(texts, expected, actual);
        System.out.printf("bge-small-en-v1.5-q: %d texts, min cosine to LangChain4j %.9f%n", texts.size(), min);
    }

    @Test
    void textsEmbeddedPromptlyGetTheSameVectorsAsABatch() {
        List<String> texts = EquivalenceTexts.all().subList(0, 6);
        List<Embedding> batch =
                model.embedAll(texts.stream().map(TextSegment::from).toList()).content();
        List<Embedding> prompt = model.embedAllPromptly(texts);

        assertThat(prompt).hasSize(texts.size());
        for (int i = 0; i < texts.size(); i++) {
            assertThat(prompt.get(i).vector()).containsExactly(batch.get(i).vector());
        }
        assertThat(model.embedAllPromptly(List.of())).isEmpty();
    }

    @Test
    void modelNameIsTheStableId() {
        assertThat(model.modelName()).isEqualTo("bge-small-en-v1.5-q");
        assertThat(model.threads()).isEqualTo(2);
    }

    @Test
    void blankTextIsRejectedLikeLangChain4j() {
        assertThatThrownBy(() -> model.embed("   ")).isInstanceOf(IllegalArgumentException.class);
        // the model still works afterwards
        assertThat(model.embed("still alive").content().vector()).hasSize(384);
    }

    @Test
    void concurrentCallersGetTheSameVectorsAsOneCaller() throws Exception {
        List<String> texts = EquivalenceTexts.all().subList(0, 25);
        List<float[]> reference = new ArrayList<>();
        for (String t : texts) {
            reference.add(model.embed(t).content().vector());
        }
        ExecutorService callers = Executors.newFixedThreadPool(6);
        try {
            List<Callable<Void>> jobs = new ArrayList<>();
            for (int c = 0; c < 6; c++) {
                int shift = c;
                jobs.add(() -> {
                    for (int round = 0; round < 3; round++) {
                        // half the callers use embedAll (bulk queue), half single embeds (priority queue)
                        if (shift % 2 == 0) {
                            List<TextSegment> rotated = new ArrayList<>();
                            for (int i = 0; i < texts.size(); i++) {
                                rotated.add(TextSegment.from(texts.get((i + shift) % texts.size())));
                            }
                            List<Embedding> got = model.embedAll(rotated).content();
                            for (int i = 0; i < texts.size(); i++) {
                                assertThat(got.get(i).vector())
                                        .containsExactly(reference.get((i + shift) % texts.size()));
                            }
                        } else {
                            for (int i = texts.size() - 1; i >= 0; i--) {
                                assertThat(model.embed(texts.get(i)).content().vector())
                                        .containsExactly(reference.get(i));
                            }
                        }
                    }
                    return null;
                });
            }
            for (Future<Void> f : callers.invokeAll(jobs)) {
                f.get();
            }
        } finally {
            callers.shutdownNow();
        }
    }

    @Test
    void textsOverTheLimitAreTruncatedLikeLangChain4j() {
        String longText = EquivalenceTexts.all().get(27); // about 1,600 tokens
        try (TokenWindows windows = new TokenWindows(OnnxModelSpec.BGE_SMALL_EN_V15_Q.openTokenizer())) {
            // the tokenizer truncates to 512 positions, so LangChain4j's windowing never gets more than one window
            List<TokenWindows.Window> parts = windows.windows(longText);
            assertThat(parts).hasSize(1);
            assertThat(parts.getFirst().ids()).hasSize(512);
        }
        // what is past the limit does not change the vector
        assertThat(model.embed(longText + " Completely different closing sentence about volcanoes.")
                        .content()
                        .vector())
                .containsExactly(model.embed(longText).content().vector());
    }

    @Test
    void windowsNeverEndInsideAWord() {
        List<String> tokens = List.of("[CLS]", "a", "b", "##c", "##d", "e", "f", "[SEP]");

        assertThat(TokenWindows.partition(tokens, 3))
                .containsExactly(List.of("a"), List.of("b", "##c", "##d"), List.of("e", "f"));
        assertThat(TokenWindows.partition(tokens, 10)).containsExactly(tokens.subList(1, 7));
        assertThat(TokenWindows.partition(List.of("[CLS]", "[SEP]"), 3)).isEmpty();
        // a word longer than a window is cut where the window is full
        assertThat(TokenWindows.partition(List.of("[CLS]", "x", "##y", "##z", "##w", "[SEP]"), 2))
                .containsExactly(List.of("x", "##y"), List.of("##z", "##w"));
    }
}
