package dev.docent.eval.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrecRunWriterTest {

    @Test
    void writesTrecRunLines() throws Exception {
        Map<String, List<ScoredId>> run = new LinkedHashMap<>();
        run.put("q1", List.of(new ScoredId("d7", 0.9), new ScoredId("d3", 0.25)));
        run.put("q2", List.of(new ScoredId("d1", 1.5)));
        StringWriter out = new StringWriter();
        TrecRunWriter.write(out, run, "hybrid");
        assertThat(out.toString()).isEqualTo("q1 Q0 d7 1 0.9 hybrid\nq1 Q0 d3 2 0.25 hybrid\nq2 Q0 d1 1 1.5 hybrid\n");
    }

    @Test
    void plainRankingsGetStrictlyDecreasingScores() throws Exception {
        StringWriter out = new StringWriter();
        TrecRunWriter.writeRankings(out, Map.of("q1", List.of("a", "b", "c")), "bm25");
        assertThat(out.toString()).isEqualTo("q1 Q0 a 1 3.0 bm25\nq1 Q0 b 2 2.0 bm25\nq1 Q0 c 3 1.0 bm25\n");
    }

    @Test
    void writesFileAndRejectsWhitespaceIds(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("run.txt");
        TrecRunWriter.write(file, Map.of("q1", List.of(new ScoredId("d1", 2.0))), "r");
        assertThat(Files.readAllLines(file)).containsExactly("q1 Q0 d1 1 2.0 r");
        assertThatThrownBy(() -> TrecRunWriter.line("q1", "my doc.md", 1, 1.0, "r"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> TrecRunWriter.line("q1", "d", 1, Double.NaN, "r"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
