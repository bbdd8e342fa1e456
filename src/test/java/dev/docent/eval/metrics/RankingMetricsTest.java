package dev.docent.eval.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

class RankingMetricsTest {
    private static final Offset<Double> EPS = within(1e-9);

    // Graded qrels: d1 is highly relevant (3), d2 relevant (2), d3 marginal (1).
    private static final Map<String, Integer> GRADED = Map.of("d1", 3, "d2", 2, "d3", 1);
    // Ranking: d3, d1, x (unjudged), d2 -- only 4 docs retrieved.
    private static final List<String> GRADED_RUN = List.of("d3", "d1", "x", "d2");

    // Binary qrels with a judged non-relevant doc z (rel 0 must not count).
    private static final Map<String, Integer> BINARY = Map.of("a", 1, "b", 1, "c", 1, "z", 0);
    // Relevant docs at ranks 1, 3 and 6; z at rank 4 is judged non-relevant.
    private static final List<String> BINARY_RUN = List.of("a", "x", "b", "z", "y", "c");

    @Test
    void ndcgUsesLinearGradedGainAndLog2Discount() {
        // DCG@3  = 1/log2(2) + 3/log2(3) + 0/log2(4) = 1 + 1.892789 = 2.892789
        // IDCG@3 = 3/log2(2) + 2/log2(3) + 1/log2(4) = 3 + 1.261860 + 0.5 = 4.761860
        // nDCG@3 = 2.892789 / 4.761860 = 0.607492
        double dcg3 = 1 + 3 / log2(3);
        double idcg3 = 3 + 2 / log2(3) + 1 / log2(4);
        assertThat(Ndcg.at(GRADED_RUN, GRADED, 3)).isCloseTo(dcg3 / idcg3, EPS).isCloseTo(0.6074915, within(1e-6));
    }

    @Test
    void ndcgWithFewerThanKResults() {
        // Only 4 docs retrieved, k = 5.
        // DCG@5  = 2.892789 + 2/log2(5) = 2.892789 + 0.861353 = 3.754142
        // IDCG@5 = only 3 relevant docs, so = IDCG@3 = 4.761860
        // nDCG@5 = 3.754142 / 4.761860 = 0.788377
        assertThat(Ndcg.at(GRADED_RUN, GRADED, 5)).isCloseTo(0.7883774, within(1e-6));
        // Empty run: 0.
        assertThat(Ndcg.at(List.of(), GRADED, 10)).isZero();
    }

    @Test
    void ndcgAtOneAndPerfectRanking() {
        // nDCG@1: DCG = 1 (d3, rel 1) ; IDCG = 3 (d1, rel 3) -> 1/3
        assertThat(Ndcg.at(GRADED_RUN, GRADED, 1)).isCloseTo(1.0 / 3, EPS);
        // Ideal order d1,d2,d3 -> 1.0 at every k.
        assertThat(Ndcg.at(List.of("d1", "d2", "d3"), GRADED, 10)).isCloseTo(1.0, EPS);
        // No relevant docs -> 0, not NaN.
        assertThat(Ndcg.at(List.of("a"), Map.of("a", 0), 10)).isZero();
    }

    @Test
    void recallCountsRelevantInTopKOverAllRelevant() {
        // 3 relevant docs (a, b, c); z has rel 0.
        // @1: {a} -> 1/3 ; @3: {a,b} -> 2/3 ; @5: {a,b} (c is at rank 6, outside k) -> 2/3 ; @10: 3/3
        assertThat(Recall.at(BINARY_RUN, BINARY, 1)).isCloseTo(1.0 / 3, EPS);
        assertThat(Recall.at(BINARY_RUN, BINARY, 3)).isCloseTo(2.0 / 3, EPS);
        assertThat(Recall.at(BINARY_RUN, BINARY, 5)).isCloseTo(2.0 / 3, EPS);
        assertThat(Recall.at(BINARY_RUN, BINARY, 10)).isCloseTo(1.0, EPS);
    }

    @Test
    void precisionDividesByKEvenWithFewerResults() {
        // @1: 1/1 ; @3: 2/3 ; @5: 2/5 ; @10: only 6 retrieved, 3 relevant -> 3/10 (trec_eval P.10)
        assertThat(Precision.at(BINARY_RUN, BINARY, 1)).isCloseTo(1.0, EPS);
        assertThat(Precision.at(BINARY_RUN, BINARY, 3)).isCloseTo(2.0 / 3, EPS);
        assertThat(Precision.at(BINARY_RUN, BINARY, 5)).isCloseTo(0.4, EPS);
        assertThat(Precision.at(BINARY_RUN, BINARY, 10)).isCloseTo(0.3, EPS);
    }

    @Test
    void reciprocalRankIsCutAtK() {
        List<String> run = List.of("x", "y", "a", "b");
        // First relevant (a) at rank 3: RR@1 = 0, RR@2 = 0 (outside k), RR@3 = 1/3, RR@10 = 1/3
        assertThat(ReciprocalRank.at(run, BINARY, 1)).isZero();
        assertThat(ReciprocalRank.at(run, BINARY, 2)).isZero();
        assertThat(ReciprocalRank.at(run, BINARY, 3)).isCloseTo(1.0 / 3, EPS);
        assertThat(ReciprocalRank.at(run, BINARY, 10)).isCloseTo(1.0 / 3, EPS);
    }

    @Test
    void averagePrecisionDividesByTotalRelevant() {
        // Relevant at ranks 1, 3, 6; 3 relevant in total.
        // AP@5  = (P@1 + P@3) / 3 = (1/1 + 2/3) / 3 = 0.555556   (c at rank 6 is outside k)
        // AP@10 = (1/1 + 2/3 + 3/6) / 3 = 2.166667 / 3 = 0.722222
        // AP@1  = (1/1) / 3 = 0.333333
        assertThat(AveragePrecision.at(BINARY_RUN, BINARY, 5)).isCloseTo((1 + 2.0 / 3) / 3, EPS);
        assertThat(AveragePrecision.at(BINARY_RUN, BINARY, 10)).isCloseTo((1 + 2.0 / 3 + 0.5) / 3, EPS);
        assertThat(AveragePrecision.at(BINARY_RUN, BINARY, 1)).isCloseTo(1.0 / 3, EPS);
    }

    @Test
    void duplicateDocIdsAreCreditedOnce() {
        // [a, a, b] deduplicates to [a, b]: P@3 = 2/3, not 3/3.
        assertThat(Precision.at(List.of("a", "a", "b"), BINARY, 3)).isCloseTo(2.0 / 3, EPS);
    }

    @Test
    void rejectsNonPositiveK() {
        assertThatThrownBy(() -> Recall.at(BINARY_RUN, BINARY, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    private static double log2(double x) {
        return Math.log(x) / Math.log(2);
    }
}
