package dev.docent.eval.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The gate blocks a deliberately worsened configuration: an extractive answerer that demands a sentence cover
 * every content word of the question abstains on most questions, so answer F1 drops and the gated run exits 1.
 */
@QuarkusTest
@TestProfile(EvalGateWorsenedTest.Worsened.class)
class EvalGateWorsenedTest {

    /** Same service, one setting made worse. */
    public static class Worsened implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("docent.answer.min-support", "0.99");
        }
    }

    @TempDir
    Path out;

    @Test
    void theGateFailsAndTheReportShowsTheDrop() throws Exception {
        assertThat(EvalGateTest.runGated(out)).isEqualTo(1);

        JsonNode report = new ObjectMapper().readTree(out.resolve("report.json").toFile());
        JsonNode baseline = new ObjectMapper()
                .readTree(EvalGateTest.BASELINE.toFile())
                .path("metrics")
                .path("answers.f1");
        assertThat(report.path("answers").path("f1").asDouble())
                .isLessThan(baseline.path("value").asDouble()
                        - baseline.path("tolerance").asDouble());
    }
}
