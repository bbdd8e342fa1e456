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

    private Path run(String name) {
        Path out = dir.resolve(name);
        int code = EvalMain.run(new String[] {
            "--dataset",
            dir.toString(),
            "--split",
            "test",
            "--server",
            "http://localhost:" + RestAssured.port,
            "--api-key",
            TestCredentials.ADMIN_KEY,
            "--out",
            out.toString()
        });
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
