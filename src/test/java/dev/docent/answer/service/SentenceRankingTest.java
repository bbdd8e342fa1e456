package dev.docent.answer.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The extractive answerer's ordering of its best sentences by meaning (ADR 0025), through its port. */
class SentenceRankingTest {
    private static final UUID DOC = UUID.fromString("00000000-0000-0000-0000-0000000000ee");
    private static final String FIRST = "The river carries fresh water to the valley.";
    private static final String SECOND = "The river carries the name of an old king.";
    private static final String QUESTION = "What does the river carry?";

    private static List<Evidence> evidence(String text) {
        return List.of(new Evidence(DOC, "Rivers", 1L, text, 0, List.of(), 1));
    }

    /** Cosines by sentence text, recording what it was asked. */
    private static final class Cosines implements SentenceSimilarity {
        final Map<String, Double> cosine;
        final List<List<String>> asked = new ArrayList<>();

        Cosines(Map<String, Double> cosine) {
            this.cosine = cosine;
        }

        @Override
        public double[] of(String question, List<String> sentences) {
            asked.add(sentences);
            return sentences.stream().mapToDouble(cosine::get).toArray();
        }
    }

    @Test
    void amongSentencesThatCoverTheQuestionAlikeTheClosestInMeaningIsQuoted() {
        List<Evidence> evidence = evidence(FIRST + " " + SECOND);
        Answer byWords = new ExtractiveAnswerer(0.3, 1).answer(QUESTION, evidence);
        Cosines cosines = new Cosines(Map.of(FIRST, 0.55, SECOND, 0.80));
        Answer byMeaning =
                new ExtractiveAnswerer(0.3, 1, 0, 0, new SentenceRanking(cosines, 0.6, 8)).answer(QUESTION, evidence);

        assertThat(byWords.citations()).extracting(Citation::quote).containsExactly(FIRST);
        assertThat(byMeaning.citations()).extracting(Citation::quote).containsExactly(SECOND);
        assertThat(cosines.asked).containsExactly(List.of(FIRST, SECOND));
        // only the order changes: abstention keeps its calibrated support
        assertThat(byMeaning.support()).isCloseTo(byWords.support(), within(1e-12));
    }

    @Test
    void meaningReordersOnlySentencesCloseInCoverage() {
        String partial = "The river carries boats.";
        List<Evidence> evidence = evidence(SECOND + " " + partial);
        Cosines cosines = new Cosines(Map.of(SECOND, 0.45, partial, 0.95));
        Answer answer = new ExtractiveAnswerer(0.3, 1, 0, 0, new SentenceRanking(cosines, 0.6, 8))
                .answer("What does the old river carry?", evidence);

        // both are compared, but full coverage less 0.6 x 0.5 still beats the 59% "The river carries boats." covers
        assertThat(cosines.asked).containsExactly(List.of(SECOND, partial));
        assertThat(answer.citations()).extracting(Citation::quote).containsExactly(SECOND);
    }

    @Test
    void aFailingModelLeavesTheOrderOfWords() {
        List<Evidence> evidence = evidence(FIRST + " " + SECOND);
        SentenceSimilarity down = (q, s) -> {
            throw new IllegalStateException("model not loaded");
        };
        Answer answer =
                new ExtractiveAnswerer(0.3, 1, 0, 0, new SentenceRanking(down, 0.6, 8)).answer(QUESTION, evidence);

        assertThat(answer.grounded()).isTrue();
        assertThat(answer.citations()).extracting(Citation::quote).containsExactly(FIRST);
    }

    @Test
    void anAbstentionAsksTheModelNothing() {
        Cosines cosines = new Cosines(Map.of());
        Answer answer = new ExtractiveAnswerer(0.9, 1, 0, 0, new SentenceRanking(cosines, 0.6, 8))
                .answer("When did the king found the city of Paris?", evidence(FIRST + " " + SECOND));

        assertThat(answer.grounded()).isFalse();
        assertThat(cosines.asked).isEmpty();
    }

    @Test
    void onlyTheDepthBestSentencesAreCompared() {
        String third = "The river carries boats past the king's old castle.";
        Cosines cosines = new Cosines(Map.of(FIRST, 0.5, SECOND, 0.7, third, 0.9));
        new ExtractiveAnswerer(0.3, 1, 0, 0, new SentenceRanking(cosines, 0.6, 2))
                .answer(QUESTION, evidence(FIRST + " " + SECOND + " " + third));

        assertThat(cosines.asked).hasSize(1);
        assertThat(cosines.asked.get(0)).hasSize(2);
    }

    @Test
    void sentencesUnderHalfTheBestCoverageAreNotEmbedded() {
        String weak = "Old maps show a river.";
        Cosines cosines = new Cosines(Map.of(FIRST, 0.5, SECOND, 0.7, weak, 0.9));
        new ExtractiveAnswerer(0.3, 3, 0, 0, new SentenceRanking(cosines, 0.6, 8))
                .answer(QUESTION, evidence(FIRST + " " + SECOND + " " + weak));

        // "river" alone is under half of what "river" and "carries" cover: never quoted, so never compared
        assertThat(cosines.asked).containsExactly(List.of(FIRST, SECOND));
    }

    @Test
    void penaltiesAreTheWeightedDistanceToTheClosestSentence() {
        SentenceRanking ranking = new SentenceRanking((q, s) -> new double[0], 0.5, 8);

        assertThat(ranking.penalties(new double[] {0.9, 0.7, 0.5}, 3))
                .containsExactly(new double[] {0, 0.1, 0.2, 0.2}, within(1e-12));
        assertThat(ranking.penalties(new double[] {0.9, Double.NaN}, 2)).isNull();
        assertThat(ranking.penalties(new double[] {0.9}, 2)).isNull();
        assertThat(ranking.penalties(null, 2)).isNull();
    }

    @Test
    void aRankingIsWholeOrNone() {
        SentenceSimilarity any = (q, s) -> new double[s.size()];
        assertThatThrownBy(() -> new SentenceRanking(any, 0, 8)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SentenceRanking(null, 0.6, 8)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SentenceRanking(any, -1, 8)).isInstanceOf(IllegalArgumentException.class);
        assertThat(SentenceRanking.NONE.enabled()).isFalse();
    }
}
