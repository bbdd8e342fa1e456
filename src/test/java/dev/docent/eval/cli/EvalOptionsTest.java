package dev.docent.eval.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Strict option parsing: a typo in a CI pipeline is a usage error, never a silently dropped gate. */
class EvalOptionsTest {
    @TempDir
    Path dir;

    Path dataset;
    Path gate;

    @BeforeEach
    void files() throws Exception {
        dataset = Files.writeString(dir.resolve("set.yaml"), "documents: docs\nitems: []\n");
        gate = Files.writeString(dir.resolve("gate.json"), "{}");
    }

    private EvalOptions parse(String... extra) {
        List<String> args =
                new ArrayList<>(List.of("--dataset", dataset.toString(), "--server", "http://localhost:8080"));
        args.addAll(List.of(extra));
        return EvalOptions.parse(args.toArray(String[]::new));
    }

    @Test
    void readsEveryOptionAndTheFreshFlag() {
        EvalOptions o = parse(
                "--gate",
                gate.toString(),
                "--max-queries",
                "20",
                "--distractors",
                "150",
                "--seed",
                "-7",
                "--top-k",
                "50",
                "--fresh",
                "--split",
                "train",
                "--out",
                dir.resolve("out").toString());
        assertThat(o.maxQueries()).isEqualTo(20);
        assertThat(o.distractors()).isEqualTo(150);
        assertThat(o.seed()).isEqualTo(-7);
        assertThat(o.topK()).isEqualTo(50);
        assertThat(o.fresh()).isTrue();
        assertThat(o.split()).isEqualTo("train");
        assertThat(o.gate()).isEqualTo(gate);
        assertThat(parse().fresh()).isFalse();
        assertThat(parse().topK()).isEqualTo(100);
    }

    @Test
    void anUnknownOptionIsAUsageErrorNamingIt() {
        assertThatThrownBy(() -> parse("--gates", gate.toString()))
                .isInstanceOf(EvalException.class)
                .hasMessageStartingWith("unknown option --gates")
                .hasMessageContaining("usage: docent eval");
        assertThatThrownBy(() -> parse("--maxqueries", "3")).hasMessageStartingWith("unknown option --maxqueries");
    }

    @Test
    void aRepeatedOptionIsAUsageError() {
        assertThatThrownBy(() -> parse("--gate", gate.toString(), "--gate", gate.toString()))
                .isInstanceOf(EvalException.class)
                .hasMessageStartingWith("option --gate given more than once");
    }

    @Test
    void numbersAreWholeAndInRange() {
        assertThatThrownBy(() -> parse("--max-queries", "abc"))
                .hasMessageStartingWith("--max-queries must be a whole number, not 'abc'");
        assertThatThrownBy(() -> parse("--seed", "1.5"))
                .hasMessageStartingWith("--seed must be a whole number, not '1.5'");
        assertThatThrownBy(() -> parse("--max-queries", "-1"))
                .hasMessageStartingWith("--max-queries must be 0 or more");
        assertThatThrownBy(() -> parse("--top-k", "300"))
                .hasMessageStartingWith("--top-k must be between 1 and 100, not 300");
        assertThatThrownBy(() -> parse("--top-k", "0")).hasMessageStartingWith("--top-k must be between 1 and 100");
    }

    @Test
    void distractorsNeedAQuerySubset() {
        assertThatThrownBy(() -> parse("--distractors", "10"))
                .hasMessageStartingWith("--distractors only applies with --max-queries");
    }

    @Test
    void aMissingPathSaysNoSuchFileOrDirectory() {
        assertThatThrownBy(() -> parse("--gate", dir.resolve("nope.json").toString()))
                .isInstanceOf(EvalException.class)
                .hasMessage("--gate: no such file or directory: " + dir.resolve("nope.json"));
        assertThatThrownBy(() -> EvalOptions.parse(new String[] {"--dataset", "missing.yaml", "--server", "http://x"}))
                .hasMessage("--dataset: no such file or directory: missing.yaml");
    }

    @Test
    void theServerMustBeAnHttpUrl() {
        assertThatThrownBy(() ->
                        EvalOptions.parse(new String[] {"--dataset", dataset.toString(), "--server", "not a url"}))
                .hasMessageStartingWith("--server must be an http(s) URL");
    }

    @Test
    void anOptionWithoutItsValueIsAUsageError() {
        assertThatThrownBy(() -> parse("--gate", "--fresh")).hasMessageStartingWith("option --gate needs a value");
        assertThatThrownBy(() -> parse("--out")).hasMessageStartingWith("option --out needs a value");
    }
}
