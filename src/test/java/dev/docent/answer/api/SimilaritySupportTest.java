package dev.docent.answer.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.docent.testsupport.Collections;
import dev.docent.testsupport.PostgresTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The extractive answer's support counts the evidence's similarity to the question on collections embedded with the
 * model the similarity term was calibrated for (bge-small, the default), and only there.
 */
@QuarkusTest
@QuarkusTestResource(value = PostgresTestResource.class, restrictToAnnotatedClass = false)
class SimilaritySupportTest {
    private static final String TEXT = "The Fontfroide abbey was founded in 1093 by a group of Benedictine monks.";
    private static final String QUESTION = "When did the monks found the abbey near Narbonne?";

    @Test
    void supportIsLexicalCoveragePlusTheWeightedSimilarityOnTheCalibratedModelOnly() {
        String bge = Collections.create();
        Collections.uploadText(bge, "abbey.txt", TEXT);
        String minilm = Collections.create();
        Collections.uploadText(minilm, "abbey.txt", TEXT);
        String job = given().contentType(ContentType.JSON)
                .body(Map.of("embeddingModel", "all-minilm-l6-v2-q"))
                .patch("/v1/collections/{c}", minilm)
                .then()
                .statusCode(202)
                .extract()
                .path("id");
        Collections.awaitJob(job, java.time.Duration.ofMinutes(2));

        // one chunk in each collection: the same evidence, so the same lexical coverage
        double lexical = Collections.ask(minilm, QUESTION).getDouble("support");
        double combined = Collections.ask(bge, QUESTION).getDouble("support");
        float similarity = given().contentType(ContentType.JSON)
                .body(Map.of("query", QUESTION, "topK", 1, "mode", "vector", "rerank", false))
                .post("/v1/collections/{c}/search", bge)
                .then()
                .statusCode(200)
                .extract()
                .path("hits[0].score");

        assertThat(lexical).isBetween(0.3, 0.95);
        assertThat(combined)
                .isCloseTo(Math.max(0, Math.min(1, lexical + 1.25 * (similarity - 0.69))), within(1e-4))
                .isNotEqualTo(lexical);
    }
}
