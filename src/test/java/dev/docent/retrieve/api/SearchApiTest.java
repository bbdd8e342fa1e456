package dev.docent.retrieve.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import dev.docent.testsupport.PostgresTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** POST /search with modes, filters and rerank over HTTP, through real ingestion; then the stage timers. */
@QuarkusTest
@QuarkusTestResource(value = PostgresTestResource.class, restrictToAnnotatedClass = false)
class SearchApiTest {
    static String collection;
    static String coralDoc;
    static String breadDoc;

    @BeforeEach
    void ingestOnce() throws IOException {
        if (collection != null) {
            return;
        }
        collection = given().contentType(ContentType.JSON)
                .body(Map.of("name", "search-api-" + UUID.randomUUID()))
                .post("/v1/collections")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        coralDoc = upload(
                "coral.txt",
                "Coral reefs bleach when the sea stays too warm for weeks. Bleached coral"
                        + " expels the algae living in its tissue and turns white.");
        breadDoc = upload(
                "bread.txt",
                "Sourdough bread rises thanks to wild yeast and lactic acid bacteria in the"
                        + " starter. A long cold fermentation improves its flavour.");
    }

    static String upload(String name, String text) throws IOException {
        Path file = Files.createTempDirectory("search-api").resolve(name);
        Files.writeString(file, text);
        return given().multiPart("file", file.toFile())
                .post("/v1/collections/{c}/documents?wait=true", collection)
                .then()
                .statusCode(201)
                .extract()
                .path("id");
    }

    static JsonPath search(Map<String, Object> body) {
        return given().contentType(ContentType.JSON)
                .body(body)
                .post("/v1/collections/{c}/search", collection)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
    }

    @Test
    void everyModeFindsTheRelevantDocument() {
        for (String mode : List.of("vector", "keyword", "hybrid")) {
            for (boolean rerank : List.of(false, true)) {
                JsonPath r = search(
                        Map.of("query", "why do coral reefs turn white", "topK", 2, "mode", mode, "rerank", rerank));
                assertThat(r.getString("hits[0].documentId"))
                        .as(mode + " rerank=" + rerank)
                        .isEqualTo(coralDoc);
            }
        }
        // keyword search only returns chunks sharing a lexeme with the query
        assertThat(search(Map.of("query", "coral", "mode", "keyword")).getList("hits"))
                .hasSize(1);
    }

    @Test
    void filtersRestrictTheHits() {
        JsonPath r = search(
                Map.of("query", "why do coral reefs turn white", "filters", Map.of("documentIds", List.of(breadDoc))));
        assertThat(r.getList("hits.documentId")).containsOnly(breadDoc);
        JsonPath none = search(Map.of("query", "coral", "filters", Map.of("mediaTypes", List.of("application/pdf"))));
        assertThat(none.getList("hits")).isEmpty();
        JsonPath future = search(Map.of("query", "coral", "filters", Map.of("updatedAfter", "2999-01-01T00:00:00Z")));
        assertThat(future.getList("hits")).isEmpty();
    }

    @Test
    void aFilterThatIsPresentMustRestrictAndMediaTypesIgnoreCaseAndParameters() {
        // an empty selection is refused, never read as "no filter" (which would search the whole collection)
        for (Object filters : List.of(
                Map.of("documentIds", List.of()),
                Map.of("mediaTypes", List.of()),
                Map.of("metadata", Map.of()),
                Map.of("documentIds", java.util.Collections.singletonList(null)),
                Map.of("mediaTypes", List.of(" ")))) {
            given().contentType(ContentType.JSON)
                    .body(Map.of("query", "coral", "filters", filters))
                    .post("/v1/collections/{c}/search", collection)
                    .then()
                    .statusCode(400)
                    .body("code", equalTo("validation_failed"));
        }
        JsonPath plain = search(Map.of("query", "coral", "filters", Map.of("mediaTypes", List.of("text/plain"))));
        assertThat(plain.getList("hits")).isNotEmpty();
        JsonPath spelled =
                search(Map.of("query", "coral", "filters", Map.of("mediaTypes", List.of("TEXT/Plain; charset=UTF-8"))));
        assertThat(spelled.getList("hits.chunkId")).isEqualTo(plain.getList("hits.chunkId"));
    }

    @Test
    void mediaTypeWildcardsMatchAWholeTypeAndWhatIsNoMediaTypeIsRefused() {
        // "text/*" and "text" matched nothing, silently
        JsonPath plain = search(Map.of("query", "coral", "filters", Map.of("mediaTypes", List.of("text/plain"))));
        JsonPath text = search(Map.of("query", "coral", "filters", Map.of("mediaTypes", List.of("text/*"))));
        JsonPath any = search(Map.of("query", "coral", "filters", Map.of("mediaTypes", List.of("*/*"))));
        assertThat(text.getList("hits.chunkId")).isNotEmpty().isEqualTo(plain.getList("hits.chunkId"));
        assertThat(any.getList("hits.chunkId")).isEqualTo(plain.getList("hits.chunkId"));
        JsonPath other = search(Map.of("query", "coral", "filters", Map.of("mediaTypes", List.of("image/*"))));
        assertThat(other.getList("hits")).isEmpty();
        for (String bad : List.of("text", "*/plain", "text/plain/x", "te%t/*")) {
            given().contentType(ContentType.JSON)
                    .body(Map.of("query", "coral", "filters", Map.of("mediaTypes", List.of(bad))))
                    .post("/v1/collections/{c}/search", collection)
                    .then()
                    .statusCode(400)
                    .body("code", equalTo("validation_failed"))
                    .body("detail", equalTo("mediaTypes[0]: must be a media type: type/subtype, type/* or */*"));
        }
        // the field and the key, not the validator's path syntax ("metadata<K>[]")
        given().contentType(ContentType.JSON)
                .body(Map.of("query", "coral", "filters", Map.of("metadata", Map.of(" ", "x"))))
                .post("/v1/collections/{c}/search", collection)
                .then()
                .statusCode(400)
                .body("detail", equalTo("metadata[ ]: must not be blank"));
    }

    @Test
    void theResponseSaysWhichRerankerOrderedTheHits() {
        JsonPath reranked = search(Map.of("query", "coral", "rerank", true));
        assertThat(reranked.getString("rerank.reranker")).isEqualTo("features");
        assertThat(reranked.getBoolean("rerank.applied")).isTrue();
        assertThat(search(Map.of("query", "coral", "rerank", false)).getMap("rerank"))
                .isNull();
    }

    @Test
    void unknownModeIsAValidationProblem() {
        given().contentType(ContentType.JSON)
                .body(Map.of("query", "coral", "mode", "psychic"))
                .post("/v1/collections/{c}/search", collection)
                .then()
                .statusCode(400);
    }

    @Test
    void stageTimersArePublished() {
        search(Map.of("query", "sourdough starter", "mode", "hybrid", "rerank", true));
        String metrics =
                given().get("/q/metrics").then().statusCode(200).extract().asString();
        for (String stage : List.of("embed", "ann", "keyword", "fusion", "rerank")) {
            assertThat(metrics).contains("docent_retrieve_stage_seconds_count{stage=\"" + stage + "\"");
        }
        assertThat(metrics).containsPattern("docent_retrieve_vector_scans_total\\{scan=\"(hnsw|exact)\"");
    }

    @Test
    void unknownCollectionIs404() {
        given().contentType(ContentType.JSON)
                .body(Map.of("query", "coral"))
                .post("/v1/collections/{c}/search", UUID.randomUUID())
                .then()
                .statusCode(404)
                .body("code", equalTo("not_found"));
    }
}
