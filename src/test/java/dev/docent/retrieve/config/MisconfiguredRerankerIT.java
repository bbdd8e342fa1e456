package dev.docent.retrieve.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.docent.testsupport.PostgresTestResource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The packaged service with a reranker it cannot build stops at startup with the reason. It used to start, report
 * ready, and answer every reranked search and every answer with a 500 whose cause was only in its log.
 */
class MisconfiguredRerankerIT {

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void anUnknownProviderOrAMissingCrossEncoderStopsTheServiceAtStartup() throws Exception {
        Path jar = Path.of("target/quarkus-app/quarkus-run.jar");
        Assumptions.assumeTrue(Files.isRegularFile(jar), "packaged service missing: " + jar);
        Map<String, String> db = new PostgresTestResource().start();

        assertThat(startupLog(jar, db, "-Ddocent.retrieve.rerank.provider=cohere"))
                .contains("unknown docent.retrieve.rerank.provider: cohere");
        Path empty = Files.createTempDirectory("no-cross-encoder");
        assertThat(startupLog(
                        jar,
                        db,
                        "-Ddocent.retrieve.rerank.provider=onnx",
                        "-Ddocent.retrieve.rerank.onnx.model-path=" + empty))
                .contains("model.onnx");
    }

    /** The log of a start that must end by itself, with a non-zero exit, within two minutes. */
    private static String startupLog(Path jar, Map<String, String> db, String... properties) throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new ArrayList<>(List.of(java, "-Xmx512m"));
        command.add("-Dquarkus.http.port=0");
        command.addAll(List.of(properties));
        command.addAll(List.of("-jar", jar.toString()));
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().put("QUARKUS_DATASOURCE_JDBC_URL", db.get("quarkus.datasource.jdbc.url"));
        pb.environment().put("QUARKUS_DATASOURCE_USERNAME", db.get("quarkus.datasource.username"));
        pb.environment().put("QUARKUS_DATASOURCE_PASSWORD", db.get("quarkus.datasource.password"));
        Path log = Files.createTempFile("docent-rerank-", ".log");
        log.toFile().deleteOnExit();
        Process p = pb.redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            assertThat(p.waitFor(2, TimeUnit.MINUTES))
                    .as("the service stopped by itself")
                    .isTrue();
            assertThat(p.exitValue()).isNotZero();
            return Files.readString(log);
        } finally {
            p.destroyForcibly();
        }
    }
}
