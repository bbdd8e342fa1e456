package dev.docent.shared.schema;

import static org.assertj.core.api.Assertions.assertThat;

import dev.docent.testsupport.PostgresTestResource;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

/**
 * Migrations that repair what an older version left behind, run on a database migrated only up to that version
 * with its rows in place (a fresh database of the test cluster, migrated by Flyway as the service does).
 */
class UpgradeMigrationTest {

    @Test
    void documentVersionsQueuedBeforeUploadNumbersAreNumberedInUploadOrder() throws Exception {
        Map<String, String> cluster = new PostgresTestResource().start();
        String url = cluster.get("quarkus.datasource.jdbc.url");
        String user = cluster.get("quarkus.datasource.username");
        String password = cluster.get("quarkus.datasource.password");
        String name = "upgrade_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        try (Connection admin = DriverManager.getConnection(url, user, password);
                Statement s = admin.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        }
        String fresh = url.replaceFirst("/[^/?]+(\\?|$)", "/" + name + "$1");
        migrate(fresh, user, password, "20"); // before V21 numbered uploads
        UUID collection = UUID.randomUUID();
        UUID job = UUID.randomUUID();
        try (Connection c = DriverManager.getConnection(fresh, user, password);
                Statement s = c.createStatement()) {
            s.execute("INSERT INTO collection (id, name, embedding_model, owner) VALUES ('" + collection
                    + "', 'c', 'bge-small-en-v1.5-q', 'admin')");
            s.execute("INSERT INTO ingestion_job (id, collection_id) VALUES ('" + job + "', '" + collection + "')");
            for (int i = 1; i <= 2; i++) { // two versions of report.txt, the second uploaded later
                s.execute("INSERT INTO ingestion_item (id, job_id, collection_id, seq, file_name, external_id,"
                        + " content_sha256, size_bytes, state, created_at) VALUES (gen_random_uuid(), '" + job
                        + "', '" + collection + "', " + i + ", 'report.txt', 'report.txt', 'sha" + i
                        + "', 1, 'queued', now() + interval '" + i + " seconds')");
            }
        }

        migrate(fresh, user, password, null);

        List<Long> numbers = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(fresh, user, password);
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT upload_seq FROM ingestion_item ORDER BY created_at")) {
            while (rs.next()) {
                numbers.add(rs.getObject(1) == null ? null : rs.getLong(1));
            }
        }
        // both were NULL (read as 0: a tie, and the version that finished last won)
        assertThat(numbers).hasSize(2).doesNotContainNull();
        assertThat(numbers.get(1)).isGreaterThan(numbers.get(0));
    }

    private static void migrate(String url, String user, String password, String target) {
        var config = Flyway.configure().dataSource(url, user, password).locations("classpath:db/migration");
        if (target != null) {
            config.target(target);
        }
        config.load().migrate();
    }
}
