package dev.docent.ingest.embed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.docent.testsupport.Collections;
import dev.docent.testsupport.PostgresTestResource;
import dev.docent.testsupport.Sql;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(value = PostgresTestResource.class, restrictToAnnotatedClass = false)
class StoredDimensionsCheckTest {
    @Inject
    StoredDimensionsCheck check;

    @Inject
    DataSource db;

    @Inject
    EmbeddingModels models;

    @Test
    void vectorsOfAnotherSizeThanTheirModelsStopTheServiceAtStartup() throws Exception {
        String c = Collections.create();
        Collections.uploadText(c, "dims.txt", "Vectors of one size per model.");
        check.check(null, db, models); // as stored: fine

        // as if the model's configured dimensions had changed since these vectors were stored
        try (Connection conn = db.getConnection()) {
            Sql.exec(
                    conn,
                    "UPDATE chunk SET embedding = array_fill(0.1::real, ARRAY[768])::vector WHERE collection_id = ?::uuid",
                    c);
        }
        try {
            assertThatThrownBy(() -> check.check(null, db, models))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining(c)
                    .hasMessageContaining("768 dimensions, configured 384");
        } finally {
            try (Connection conn = db.getConnection()) {
                Sql.exec(
                        conn,
                        "UPDATE chunk SET embedding = array_fill(0.1::real, ARRAY[384])::vector"
                                + " WHERE collection_id = ?::uuid",
                        c);
            }
        }
        check.check(null, db, models);
        assertThat(models.spec(models.defaultModelId()).dimension()).isEqualTo(384);
    }
}
