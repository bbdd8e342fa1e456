package dev.docent.answer.embed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.docent.ingest.embed.Embedder;
import dev.docent.ingest.embed.InProcessEmbeddingModels;
import dev.docent.ingest.embed.LangChain4jEmbedder;
import dev.docent.ingest.embed.ModelSpec;
import dev.docent.ingest.embed.onnx.DirectOnnxEmbeddingModel;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Sentence similarity in the real bge-small model: what it measures, and that it embeds a sentence once. */
class EmbeddingSentenceSimilarityTest {
    private static DirectOnnxEmbeddingModel onnx;
    private static Embedder bge;

    @BeforeAll
    static void load() {
        onnx = InProcessEmbeddingModels.create(InProcessEmbeddingModels.BGE_SMALL, 2);
        bge = new LangChain4jEmbedder(
                InProcessEmbeddingModels.spec(InProcessEmbeddingModels.BGE_SMALL)
                        .orElseThrow(),
                onnx);
    }

    @AfterAll
    static void close() {
        onnx.close();
    }

    /** The real model, counting the passages and queries it is asked to embed. */
    private static final class Counting implements Embedder {
        final List<String> embedded = new ArrayList<>();
        final List<String> queries = new ArrayList<>();

        @Override
        public ModelSpec spec() {
            return bge.spec();
        }

        @Override
        public List<float[]> embedPassages(List<String> texts) {
            throw new AssertionError("sentences are embedded promptly, never queued behind ingestion");
        }

        @Override
        public List<float[]> embedPassagesPromptly(List<String> texts) {
            embedded.addAll(texts);
            return bge.embedPassagesPromptly(texts);
        }

        @Override
        public float[] embedQuery(String query) {
            queries.add(query);
            return bge.embedQuery(query);
        }

        @Override
        public Optional<float[]> recentQuery(String query) {
            return bge.recentQuery(query);
        }
    }

    @Test
    void theSentenceThatAnswersIsClosestToTheQuestion() {
        Counting model = new Counting();
        EmbeddingSentenceSimilarity similarity = new EmbeddingSentenceSimilarity(() -> model);
        String answers = "The company's revenue in 2023 was 5 million euros.";
        String other = "The company's headquarters moved to Oslo in 2023.";

        double[] cosines = similarity.of("How much money did the company make in 2023?", List.of(other, answers));

        assertThat(cosines).hasSize(2);
        assertThat(cosines[1]).isGreaterThan(cosines[0]);
        float[] q = bge.embedQuery("How much money did the company make in 2023?");
        assertThat(cosines[1])
                .isCloseTo(dot(q, bge.embedPassages(List.of(answers)).get(0)), within(1e-6));
    }

    @Test
    void aSentenceIsEmbeddedOnceForAllQuestions() {
        Counting model = new Counting();
        EmbeddingSentenceSimilarity similarity = new EmbeddingSentenceSimilarity(() -> model);
        String a = "Normandy is a region in the north of France.";
        String b = "The Normans gave their name to Normandy.";
        String c = "Rollo was the first ruler of Normandy.";

        double[] first = similarity.of("Where is Normandy?", List.of(a, b));
        double[] second = similarity.of("Where is Normandy?", List.of(b, c, a));

        assertThat(model.embedded).containsExactly(a, b, c);
        assertThat(second[0]).isEqualTo(first[1]);
        assertThat(second[2]).isEqualTo(first[0]);
    }

    @Test
    void theQuestionsVectorFromItsSearchIsReused() {
        String question = "Which river flows through Rouen?";
        float[] searched = bge.embedQuery(question); // what the answer's own search did a moment before
        Counting model = new Counting();
        EmbeddingSentenceSimilarity similarity = new EmbeddingSentenceSimilarity(() -> model);
        String sentence = "The Seine flows through Rouen.";

        double[] cosine = similarity.of(question, List.of(sentence));

        assertThat(model.queries).isEmpty();
        assertThat(bge.recentQuery(question))
                .hasValueSatisfying(v -> assertThat(v).containsExactly(searched));
        assertThat(bge.recentQuery("a question nobody searched")).isEmpty();
        assertThat(cosine[0])
                .isCloseTo(dot(searched, bge.embedPassages(List.of(sentence)).get(0)), within(1e-6));
    }

    private static double dot(float[] a, float[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += a[i] * b[i];
        }
        return sum;
    }
}
