package dev.docent.ops.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The arithmetic behind the printed figures, on hand-computed cases. */
class LoadBenchFiguresTest {

    @Test
    void nearestRankPercentiles() {
        LatencyStats s = new LatencyStats();
        for (int ms = 1; ms <= 100; ms++) {
            s.record(ms * 1_000_000L);
        }
        assertThat(s.percentileMs(50)).isEqualTo(50.0);
        assertThat(s.percentileMs(95)).isEqualTo(95.0);
        assertThat(s.percentileMs(99)).isEqualTo(99.0);
        assertThat(s.percentileMs(100)).isEqualTo(100.0);
        assertThat(new LatencyStats().percentileMs(50)).isZero();
    }

    @Test
    void rssSlopeIsLeastSquaresInMibPerMinute() {
        // 1024 KiB (1 MiB) more every 30 s -> 2 MiB/min
        List<long[]> samples =
                List.of(new long[] {0, 102_400}, new long[] {30_000, 103_424}, new long[] {60_000, 104_448});
        assertThat(LoadBench.slopeMibPerMinute(samples)).isEqualTo(2.0);
        assertThat(LoadBench.slopeMibPerMinute(List.of(new long[] {0, 1}))).isZero();
    }

    @Test
    void optionsDefaultTo32ClientsAndBoundedDurations() {
        LoadBench.Options o = LoadBench.Options.parse(new String[0]);
        assertThat(o.clients()).isEqualTo(32);
        assertThat(o.seconds()).isEqualTo(30);
        assertThat(LoadBench.Options.parse(new String[] {"--soak"}).seconds()).isEqualTo(300);
        assertThatThrownBy(() -> LoadBench.Options.parse(new String[] {"--seconds", "100000"}))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void refusesNonLoopbackTargets() {
        BenchHttp.requireLoopback(URI.create("http://127.0.0.1:8080"));
        BenchHttp.requireLoopback(URI.create("http://localhost:8080"));
        assertThatThrownBy(() -> BenchHttp.requireLoopback(URI.create("http://192.0.2.10:8080")))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
