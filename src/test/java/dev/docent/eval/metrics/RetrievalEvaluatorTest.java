package dev.docent.eval.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RetrievalEvaluatorTest {

    // q1: single relevant doc retrieved at rank 1.
    // q2: two relevant docs (b, c); only b retrieved, at rank 2.
    // q3: no relevant docs -> excluded from every average.
    // q4: relevant doc but absent from the run -> scores 0 (trec_eval -c behaviour).
    // q5: in the run but not in qrels -> ignored.
    private static final Map<String, Map<String, Integer>> QRELS = Map.of(
            "q1", Map.of("a", 1),
            "q2", Map.of("b", 1, "c", 1),
            "q3", Map.of("d", 0),
            "q4", Map.of("e", 1));
    private static final Map<String, List<String>> RUN =
            Map.of("q1", List.of("a"), "q2", List.of("x", "b"), "q5", List.of("a"));

    @Test
    void meansOverQueriesWithRelevantDocs() {
        RetrievalReport report = RetrievalEvaluator.evaluate(RUN, QRELS);

        assertThat(report.queryCount()).isEqualTo(3);
        assertThat(report.perQuery()).containsOnlyKeys("q1", "q2", "q4");
        assertThat(report.means()).hasSize(25).containsKeys("ndcg@10", "recall@100", "mrr@10", "map@10", "p@5");

        // mrr@10: q1 = 1, q2 = 1/2, q4 = 0 -> 1.5 / 3 = 0.5
        assertThat(report.mean("mrr@10")).isCloseTo(0.5, within(1e-9));
        // recall@1: 1, 0, 0 -> 1/3 ; recall@10: 1, 1/2, 0 -> 0.5
        assertThat(report.mean("recall@1")).isCloseTo(1.0 / 3, within(1e-9));
        assertThat(report.mean("recall@10")).isCloseTo(0.5, within(1e-9));
        // p@5: 1/5, 1/5, 0 -> 0.4 / 3 = 0.133333
        assertThat(report.mean("p@5")).isCloseTo(0.4 / 3, within(1e-9));
        // ndcg@10: q1 = 1 ; q2 = (1/log2 3) / (1 + 1/log2 3) = 0.630930 / 1.630930 = 0.386853 ; q4 = 0
        //          mean = 1.386853 / 3 = 0.462284
        assertThat(report.value("q2", "ndcg@10")).isCloseTo(0.3868528, within(1e-6));
        assertThat(report.mean("ndcg@10")).isCloseTo(0.4622843, within(1e-6));
        // map@10: q1 = 1 ; q2 = (1/2) / 2 = 0.25 ; q4 = 0 -> 1.25 / 3 = 0.416667
        assertThat(report.mean("map@10")).isCloseTo(1.25 / 3, within(1e-9));
    }

    @Test
    void worstQueriesAscending() {
        RetrievalReport report = RetrievalEvaluator.evaluate(RUN, QRELS);
        List<Map.Entry<String, Double>> worst = report.worstQueries("ndcg@10", 2);
        assertThat(worst).extracting(Map.Entry::getKey).containsExactly("q4", "q2");
    }

    @Test
    void perfectRunScoresOne() {
        RetrievalReport report = RetrievalEvaluator.evaluate(
                Map.of("q1", List.of("a", "b")), Map.of("q1", Map.of("a", 2, "b", 1)), 1, 10);
        assertThat(report.means())
                .containsOnlyKeys(
                        "map@1",
                        "map@10",
                        "mrr@1",
                        "mrr@10",
                        "ndcg@1",
                        "ndcg@10",
                        "p@1",
                        "p@10",
                        "recall@1",
                        "recall@10");
        assertThat(report.mean("ndcg@10")).isCloseTo(1.0, within(1e-12));
        assertThat(report.mean("map@10")).isCloseTo(1.0, within(1e-12));
        // p@10 = 2/10
        assertThat(report.mean("p@10")).isCloseTo(0.2, within(1e-12));
    }

    @Test
    void chunkRankingCollapsesToDocsByMaxScoreWithFirstAppearanceTies() {
        // A: max(0.5, 0.95) = 0.95 ; B: max(0.9, 0.1) = 0.9 ; C: 0.9 ; D: 0.9
        // B, C, D tie at 0.9 -> order of first appearance: B (pos 1), C (pos 3), D (pos 5)
        List<ScoredId> chunks = List.of(
                new ScoredId("A", 0.5),
                new ScoredId("B", 0.9),
                new ScoredId("A", 0.95),
                new ScoredId("C", 0.9),
                new ScoredId("B", 0.1),
                new ScoredId("D", 0.9));
        assertThat(Rankings.docRankingFromChunks(chunks))
                .containsExactly(
                        new ScoredId("A", 0.95),
                        new ScoredId("B", 0.9),
                        new ScoredId("C", 0.9),
                        new ScoredId("D", 0.9));
        assertThat(Rankings.docIdsFromChunks(List.of(new ScoredId("C", 0.7), new ScoredId("B", 0.7))))
                .containsExactly("C", "B");
    }
}
