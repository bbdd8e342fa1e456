package dev.docent.retrieve.store;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class VectorScanTest {
    private final VectorScan.Policy policy = new VectorScan.Policy(10_000, 0.5);

    @Test
    void aSmallCollectionInALargeGraphIsReadExactly() {
        assertThat(policy.choose(9_648, 117_337d, true)).isEqualTo(VectorScan.EXACT);
        assertThat(policy.choose(5, 117_337d, true)).isEqualTo(VectorScan.EXACT);
    }

    @Test
    void aCollectionThatIsMostOfItsGraphWalksIt() {
        assertThat(policy.choose(1_000, 1_001d, true)).isEqualTo(VectorScan.HNSW);
        assertThat(policy.choose(5_000, 10_000d, true)).isEqualTo(VectorScan.HNSW);
        assertThat(policy.choose(4_999, 10_000d, true)).isEqualTo(VectorScan.EXACT);
    }

    @Test
    void aCollectionAboveTheLimitWalksTheGraphWhateverItsShare() {
        assertThat(policy.choose(10_001, 10_000_000d, true)).isEqualTo(VectorScan.HNSW);
        assertThat(policy.choose(10_000, 10_000_000d, true)).isEqualTo(VectorScan.EXACT);
    }

    @Test
    void anIndexThePlannerHasNotCountedYetKeepsTheGraph() {
        assertThat(policy.choose(50, 0d, true)).isEqualTo(VectorScan.HNSW);
        assertThat(policy.choose(50, -1d, true)).isEqualTo(VectorScan.HNSW);
    }

    @Test
    void aCollectionWithVectorsOutOfLineKeepsTheGraph() {
        assertThat(policy.choose(9_648, 117_337d, false)).isEqualTo(VectorScan.HNSW);
        assertThat(policy.choose(50, null, false)).isEqualTo(VectorScan.EXACT);
    }

    @Test
    void aDimensionWithoutAnIndexIsReadExactly() {
        assertThat(policy.choose(50_000, null, true)).isEqualTo(VectorScan.EXACT);
        assertThat(VectorScan.Policy.NEVER_EXACT.choose(50, null, true)).isEqualTo(VectorScan.EXACT);
    }

    @Test
    void neverExactKeepsEveryIndexedSearchOnTheGraph() {
        assertThat(VectorScan.Policy.NEVER_EXACT.allowsExact()).isFalse();
        assertThat(VectorScan.Policy.NEVER_EXACT.choose(5, 117_337d, true)).isEqualTo(VectorScan.HNSW);
        assertThat(new VectorScan.Policy(10_000, 0).allowsExact()).isFalse();
    }
}
