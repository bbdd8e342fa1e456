package dev.docent.eval.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.docent.testsupport.PostgresTestResource;
import dev.docent.testsupport.TestCredentials;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The eval CLI end to end against a real server: the project's tiny golden set is ingested through the public
 * API, scored, written as reports, and gated against its committed baseline.
 */
@QuarkusTest
@QuarkusTestResource(value = PostgresTestResource.class, restrictToAnnotatedClass = false)
class EvalGateTest {
    static final Path DATASET = Path.of("src/test/resources/eval/tiny/tiny-golden.yaml");
    static final Path BASELINE = Path.of("src/test/resources/eval/tiny/baseline.json");

    @TempDir
    Path out;

    static int runGated(Path out) {
        return EvalMain.run(new String[] {
            "--dataset", DATASET.toString(),
            "--server", "http://localhost:" + RestAssured.port,
            "--api-key", TestCredentials.ADMIN_KEY,
            "--out", out.toString(),
            "--gate", BASELINE.toString()
        });
    }

    @Test
    void theDefaultConfigurationPassesItsBaselineAndWritesEveryReport() throws Exception {
        assertThat(runGated(out)).isZero();

        JsonNode report = new ObjectMapper().readTree(out.resolve("report.json").toFile());
        assertThat(report.path("retrieval").path("ndcg@10").asDouble()).isGreaterThan(0.9);
        assertThat(report.path("answers").has("f1")).isTrue();
        assertThat(Files.readString(out.resolve("report.md"))).contains("ndcg@10");
        assertThat(Files.readString(out.resolve("report.html"))).contains("<svg");
    }
}
