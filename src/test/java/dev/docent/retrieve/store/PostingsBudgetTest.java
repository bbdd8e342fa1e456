package dev.docent.retrieve.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** How a query's postings budget is shared among its lexemes ({@link PgKeywordRetriever#postingsPerLexeme}). */
class PostingsBudgetTest {
    private static final int PER_TERM = 1000;
    private static final int FLOOR = 50;

    @Test
    void withoutABudgetEveryLexemeReadsThePerTermBound() {
        Integer[] postings = PgKeywordRetriever.postingsPerLexeme(
                new long[] {5, 40_000, 9_000}, w(7.0, 1.2, 2.5), PER_TERM, 0, FLOOR);

        assertThat(postings).containsExactly(1000, 1000, 1000);
    }

    @Test
    void aShortQueryWithinTheBudgetReadsThePerTermBoundOfEachLexeme() {
        Integer[] postings = PgKeywordRetriever.postingsPerLexeme(
                new long[] {30_000, 40_000, 9_000}, w(2.0, 1.2, 2.5), PER_TERM, 6000, FLOOR);

        assertThat(postings).containsExactly(1000, 1000, 1000);
    }

    @Test
    void aLongQuerySharesTheBudgetByWeightSoItsWeakLexemesReadFewer() {
        // ten common lexemes, one strong (idf 8) and nine weak (idf 1): 17 shares of 6000
        Double[] weight = same(10, 1.0);
        weight[0] = 8.0;

        Integer[] postings = PgKeywordRetriever.postingsPerLexeme(same(10, 50_000L), weight, PER_TERM, 6000, FLOOR);

        assertThat(postings[0]).isEqualTo(1000); // 8 shares = 2823, held to the per-term bound
        for (int i = 1; i < 10; i++) {
            assertThat(postings[i]).isEqualTo(352); // one share: floor(6000 / 17)
        }
        assertThat(Arrays.stream(postings).mapToInt(Integer::intValue).sum()).isLessThanOrEqualTo(6000);
    }

    @Test
    void aLexemeReadWholeLeavesTheRestOfItsShareToTheOthers() {
        // equal weights: 4 shares of 2000; the rare lexeme needs 20, so the three common ones share 7980
        Integer[] postings = PgKeywordRetriever.postingsPerLexeme(
                new long[] {20, 90_000, 90_000, 90_000}, w(3.0, 3.0, 3.0, 3.0), 5000, 8000, FLOOR);

        assertThat(postings[0]).isGreaterThanOrEqualTo(20); // read whole, so never cut off
        assertThat(postings[1]).isEqualTo(2660);
        assertThat(postings[2]).isEqualTo(2660);
        assertThat(postings[3]).isEqualTo(2660);
    }

    @Test
    void noLexemeReadsFewerPostingsThanTheHitsAskedFor() {
        Integer[] postings =
                PgKeywordRetriever.postingsPerLexeme(same(40, 70_000L), same(40, 1.0), PER_TERM, 1000, FLOOR);

        assertThat(postings).containsOnly(FLOOR); // 25 each would not fill a top 50 alone
    }

    private static Double[] w(Double... weights) {
        return weights;
    }

    /** {@code n} lexemes with the same document frequency. */
    private static long[] same(int n, long df) {
        long[] out = new long[n];
        Arrays.fill(out, df);
        return out;
    }

    /** {@code n} lexemes of the same weight. */
    private static Double[] same(int n, double weight) {
        Double[] out = new Double[n];
        Arrays.fill(out, weight);
        return out;
    }
}
