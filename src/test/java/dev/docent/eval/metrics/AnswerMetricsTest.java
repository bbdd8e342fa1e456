package dev.docent.eval.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class AnswerMetricsTest {

    @Test
    void squadNormalisation() {
        assertThat(AnswerMetrics.normalize("The Cat!")).isEqualTo("cat");
        assertThat(AnswerMetrics.normalize("  An  apple,\tthe PIE. ")).isEqualTo("apple pie");
        // Articles only as whole words.
        assertThat(AnswerMetrics.normalize("a banana theory")).isEqualTo("banana theory");
        // Punctuation is deleted without inserting a space (as in the official script).
        assertThat(AnswerMetrics.normalize("U.S.")).isEqualTo("us");
        assertThat(AnswerMetrics.normalize("state-of-the-art")).isEqualTo("stateoftheart");
    }

    @Test
    void exactMatchIsMaxOverGolds() {
        assertThat(AnswerMetrics.exactMatch("The Cat!", List.of("cat"))).isEqualTo(1.0);
        assertThat(AnswerMetrics.exactMatch("dog", List.of("cat", "the dog"))).isEqualTo(1.0);
        assertThat(AnswerMetrics.exactMatch("cats", List.of("cat"))).isZero();
    }

    @Test
    void tokenF1() {
        // pred {cat, sat} vs gold {cat, sat, on, mat}: common 2, P = 2/2, R = 2/4, F1 = 2*1*0.5/1.5 = 0.666667
        assertThat(AnswerMetrics.f1("cat sat", List.of("cat sat on mat"))).isCloseTo(2.0 / 3, within(1e-9));
        // Max over golds: "dog" gives 0, second gold gives 0.666667
        assertThat(AnswerMetrics.f1("cat sat", List.of("dog", "cat sat on mat")))
                .isCloseTo(2.0 / 3, within(1e-9));
        // Articles dropped on both sides -> identical tokens -> 1
        assertThat(AnswerMetrics.f1("the cat sat on mat", List.of("a cat sat on the mat")))
                .isEqualTo(1.0);
        // Multiset overlap: pred {cat, cat} vs gold {cat}: common 1, P = 1/2, R = 1, F1 = 2*0.5/1.5 = 0.666667
        assertThat(AnswerMetrics.f1("cat cat", List.of("cat"))).isCloseTo(2.0 / 3, within(1e-9));
        assertThat(AnswerMetrics.f1("dog", List.of("cat"))).isZero();
    }

    @Test
    void unanswerableGoldIsEmptyString() {
        // Official SQuAD 2.0: no gold answers -> gold [""]; only an empty prediction matches.
        assertThat(AnswerMetrics.exactMatch("", List.of())).isEqualTo(1.0);
        assertThat(AnswerMetrics.f1("", List.of())).isEqualTo(1.0);
        assertThat(AnswerMetrics.exactMatch("Paris", List.of())).isZero();
        assertThat(AnswerMetrics.f1("Paris", List.of())).isZero();
        // "the" normalises to empty too.
        assertThat(AnswerMetrics.f1("the", List.of())).isEqualTo(1.0);
    }

    @Test
    void abstentionPrecisionAndRecall() {
        // i:          0     1      2      3      4
        // abstained:  T     T      F      F      T
        // unanswer.:  T     F      T      F      T
        //             tp    fp     fn     tn     tp   -> tp=2 fp=1 fn=1 tn=1
        // precision = 2/3, recall = 2/3, f1 = 2/3
        List<Boolean> predicted = List.of(true, true, false, false, true);
        List<Boolean> gold = List.of(true, false, true, false, true);
        AnswerMetrics.AbstentionCounts c = AnswerMetrics.abstention(predicted, gold);
        assertThat(c).isEqualTo(new AnswerMetrics.AbstentionCounts(2, 1, 1, 1));
        assertThat(AnswerMetrics.abstentionPrecision(predicted, gold)).isCloseTo(2.0 / 3, within(1e-9));
        assertThat(AnswerMetrics.abstentionRecall(predicted, gold)).isCloseTo(2.0 / 3, within(1e-9));
        assertThat(c.f1()).isCloseTo(2.0 / 3, within(1e-9));
        // Nothing abstained -> precision defined as 0.
        assertThat(AnswerMetrics.abstentionPrecision(List.of(false), List.of(true)))
                .isZero();
    }
}
