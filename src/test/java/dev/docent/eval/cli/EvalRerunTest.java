package dev.docent.eval.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.docent.testsupport.PostgresTestResource;
import dev.docent.testsupport.TestCredentials;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A BEIR eval run twice against the same server: the second run reuses the collection and uploads nothing that is
 * already there with the same bytes, and scores the same.
 */
@QuarkusTest
@QuarkusTestResource(value = PostgresTestResource.class, restrictToAnnotatedClass = false)
class EvalRerunTest {
    @Inject
    AgroalDataSource db;

    @TempDir
    Path dir;

    @Test
    void aReRunUploadsOnlyWhatChangedAndScoresTheSame() throws Exception {
        writeDataset();

        long jobsBefore = jobs();
        double first = ndcg(run("first"));
        long jobsAfterFirst = jobs();
        double second = ndcg(run("second"));

        assertThat(jobsAfterFirst - jobsBefore)
                .as("the first run uploads every document")
                .isEqualTo(3);
        assertThat(jobs()).as("the second run uploads nothing").isEqualTo(jobsAfterFirst);
        assertThat(second).isEqualTo(first).isGreaterThan(0.9);
    }

    @Test
    void aFreshRunIngestsIntoANewCollectionAndDeletesIt() throws Exception {
        writeDataset();
        double warm = ndcg(run("warm"));

        java.io.PrintStream err = System.err;
        java.io.ByteArrayOutputStream captured = new java.io.ByteArrayOutputStream();
        Path out;
        try {
            System.setErr(new java.io.PrintStream(captured, true, StandardCharsets.UTF_8));
            out = run("fresh", "--fresh");
        } finally {
            System.setErr(err);
        }

        assertThat(captured.toString(StandardCharsets.UTF_8))
                .as("a fresh run uploads every document again, then deletes its collection")
                .contains("0/3 documents already in the collection with the same bytes; uploading 3")
                .contains("deleted the fresh collection");
        assertThat(ndcg(out)).isEqualTo(warm);
        var report = new ObjectMapper().readTree(out.resolve("report.json").toFile());
        String fingerprint = report.path("server").path("ingestion_fingerprint").asText();
        assertThat(fingerprint).hasSize(8);
        assertThat(report.path("server").path("ingestion").path("chunkTokens").asInt())
                .isEqualTo(256);
        String name = report.path("collections").get(0).asText();
        assertThat(name).contains("-i" + fingerprint + "-fresh-");
        assertThat(report.path("fresh").asBoolean()).isTrue();
        assertThat(report.path("dataset_sha256").asText()).hasSize(64);
        assertThat(report.path("dataset_path").asText())
                .isEqualTo(dir.toAbsolutePath().toString());
        assertThat(report.path("started_at").asText()).isNotBlank();
        List<String> names = RestAssured.given()
                .get("/v1/collections")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("name");
        assertThat(names).as("the fresh collection is gone").doesNotContain(name);
    }

    private void writeDataset() throws Exception {
        Files.writeString(dir.resolve("corpus.jsonl"), """
                {"_id": "d1", "title": "Bees", "text": "Honey bees dance to tell the hive where the flowers are."}
                {"_id": "d2", "title": "Lighthouses", "text": "A lighthouse lens focuses the lamp into a beam."}
                {"_id": "d3", "title": "Chess", "text": "A chess clock limits the time each player may think."}
                """, StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("queries.jsonl"), """
                {"_id": "q1", "text": "how do bees tell each other where flowers are"}
                {"_id": "q2", "text": "what limits thinking time in chess"}
                """, StandardCharsets.UTF_8);
        Files.createDirectories(dir.resolve("qrels"));
        Files.writeString(dir.resolve("qrels/test.tsv"), "q1\td1\t1\nq2\td3\t1\n", StandardCharsets.UTF_8);
    }

    private Path run(String name, String... extra) {
        Path out = dir.resolve(name);
        List<String> args = new java.util.ArrayList<>(List.of(
                "--dataset",
                dir.toString(),
                "--split",
                "test",
                "--server",
                "http://localhost:" + RestAssured.port,
                "--api-key",
                TestCredentials.ADMIN_KEY,
                "--out",
                out.toString()));
        args.addAll(List.of(extra));
        int code = EvalMain.run(args.toArray(String[]::new));
        assertThat(code).isZero();
        return out;
    }

    private static double ndcg(Path out) throws Exception {
        return new ObjectMapper()
                .readTree(out.resolve("report.json").toFile())
                .path("retrieval")
                .path("ndcg@10")
                .asDouble();
    }

    private long jobs() throws Exception {
        try (Connection conn = db.getConnection();
                Statement st = conn.createStatement();
                ResultSet rs = st.executeQuery("SELECT count(*) FROM ingestion_job")) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
