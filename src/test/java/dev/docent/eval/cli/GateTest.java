package dev.docent.eval.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GateTest {
    @TempDir
    Path dir;

    private Path baseline() throws Exception {
        Path file = dir.resolve("baseline.json");
        Files.writeString(file, """
                {"metrics": {"retrieval.ndcg@10": {"value": 0.70, "tolerance": 0.02},
                             "answers.f1": {"value": 0.50, "tolerance": 0.0}}}
                """);
        return file;
    }

    @Test
    void passesWithinTolerance() throws Exception {
        List<Gate.Check> checks = Gate.check(baseline(), Map.of("retrieval.ndcg@10", 0.681, "answers.f1", 0.5));
        assertThat(checks).allMatch(Gate.Check::passed);
    }

    @Test
    void failsADropBeyondToleranceAndNamesMetricAndDelta() throws Exception {
        List<Gate.Check> checks = Gate.check(baseline(), Map.of("retrieval.ndcg@10", 0.65, "answers.f1", 0.6));
        Gate.Check ndcg = checks.stream()
                .filter(c -> c.metric().equals("retrieval.ndcg@10"))
                .findFirst()
                .orElseThrow();
        assertThat(ndcg.passed()).isFalse();
        assertThat(ndcg.describe()).contains("FAIL retrieval.ndcg@10").contains("delta -0.0500");
    }

    @Test
    void aMetricThatWasNotMeasuredFails() throws Exception {
        List<Gate.Check> checks = Gate.check(baseline(), Map.of("retrieval.ndcg@10", 0.9));
        assertThat(checks)
                .filteredOn(c -> !c.passed())
                .extracting(Gate.Check::metric)
                .containsExactly("answers.f1");
    }

    @Test
    void emptyBaselineIsAnError() throws Exception {
        Path empty = dir.resolve("empty.json");
        Files.writeString(empty, "{}");
        assertThatThrownBy(() -> Gate.check(empty, Map.of())).isInstanceOf(EvalException.class);
    }

    @Test
    void aLowerIsBetterMetricFailsWhenItRisesAboveItsBaseline() throws Exception {
        Path file = dir.resolve("lower.json");
        Files.writeString(file, """
                {"metrics": {"answers.injection_rate": {"value": 0.0, "tolerance": 0.0, "direction": "lower"}}}
                """);
        assertThat(Gate.check(file, Map.of("answers.injection_rate", 0.0))).allMatch(Gate.Check::passed);
        List<Gate.Check> worse = Gate.check(file, Map.of("answers.injection_rate", 1 / 11.0));
        assertThat(worse).noneMatch(Gate.Check::passed);
        assertThat(worse.get(0).describe())
                .contains("FAIL answers.injection_rate")
                .contains("delta +0.0909");
    }

    @Test
    void anEntryWithoutAUsableValueIsAnErrorNamingMetricAndFile() throws Exception {
        for (String entry : List.of("0.999", "{\"valeu\": 0.999}", "{\"value\": null}", "{\"value\": \"0.999x\"}")) {
            Path file = dir.resolve("bad.json");
            Files.writeString(file, "{\"metrics\": {\"retrieval.ndcg@10\": " + entry + "}}");
            assertThatThrownBy(() -> Gate.load(file))
                    .as(entry)
                    .isInstanceOf(EvalException.class)
                    .hasMessageContaining("baseline " + file + ", metric retrieval.ndcg@10");
        }
    }

    @Test
    void aNegativeToleranceOrAnUnknownDirectionIsAnError() throws Exception {
        Path negative = dir.resolve("neg.json");
        Files.writeString(negative, "{\"metrics\": {\"answers.f1\": {\"value\": 0.5, \"tolerance\": -0.1}}}");
        assertThatThrownBy(() -> Gate.load(negative))
                .hasMessageContaining("\"tolerance\" must be a finite number >= 0");
        for (String direction : List.of("\"Lower\"", "\"min\"", "\"lower_is_better\"", "1")) {
            Path file = dir.resolve("dir.json");
            Files.writeString(
                    file,
                    "{\"metrics\": {\"answers.injection_rate\": {\"value\": 0, \"direction\": " + direction + "}}}");
            assertThatThrownBy(() -> Gate.load(file))
                    .as(direction)
                    .hasMessageContaining(
                            "metric answers.injection_rate: \"direction\" must be \"higher\" or \"lower\"");
        }
    }

    @Test
    void higherIsAnExplicitDefaultAndToleranceIsOptional() throws Exception {
        Path file = dir.resolve("ok.json");
        Files.writeString(file, "{\"metrics\": {\"answers.f1\": {\"value\": 0.5, \"direction\": \"higher\"}}}");
        Gate.Baseline baseline = Gate.load(file);
        assertThat(baseline.thresholds()).containsExactly(new Gate.Threshold("answers.f1", 0.5, 0.0, false));
        assertThat(Gate.check(baseline, Map.of("answers.f1", 0.49))).noneMatch(Gate.Check::passed);
    }
}
