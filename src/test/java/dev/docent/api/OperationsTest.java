package dev.docent.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import dev.docent.testsupport.PostgresTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/** Health, metrics and the OpenAPI document. */
@QuarkusTest
@QuarkusTestResource(value = PostgresTestResource.class, restrictToAnnotatedClass = false)
class OperationsTest {

    @Test
    void readinessChecksDatabaseAndModel() {
        given().get("/q/health/ready")
                .then()
                .statusCode(200)
                .body("status", equalTo("UP"))
                .body(
                        "checks.name",
                        org.hamcrest.Matchers.hasItems("embedding-model", "Database connections health check"));
    }

    @Test
    void openApiDocumentsEveryEndpointAndProblems() {
        given().get("/q/openapi?format=json")
                .then()
                .statusCode(200)
                .body(containsString("/v1/collections/{collectionId}/documents"))
                .body(containsString("/v1/collections/{collectionId}/search"))
                .body(containsString("/v1/collections/{collectionId}/answers"))
                .body(containsString("application/problem+json"))
                // the request's filters are what a client may send: no server-set or derived property
                .body(
                        "components.schemas.SearchFilters.properties.keySet()",
                        org.hamcrest.Matchers.containsInAnyOrder(
                                "documentIds", "mediaTypes", "metadata", "updatedAfter", "updatedBefore"));
    }

    @Test
    void prometheusExposesIngestionAndQueryTimers() throws Exception {
        String c = given().contentType("application/json")
                .body("{\"name\":\"metrics-probe-" + System.nanoTime() + "\"}")
                .post("/v1/collections")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        java.nio.file.Path file = java.nio.file.Files.createTempFile("metrics", ".txt");
        file.toFile().deleteOnExit();
        java.nio.file.Files.writeString(file, "Metrics are scraped by Prometheus every fifteen seconds.");
        given().multiPart("file", file.toFile())
                .post("/v1/collections/{c}/documents?wait=true", c)
                .then()
                .statusCode(201);
        given().contentType("application/json")
                .body("{\"query\":\"how often are metrics scraped\"}")
                .post("/v1/collections/{c}/search", c)
                .then()
                .statusCode(200);
        given().get("/q/metrics")
                .then()
                .statusCode(200)
                .body(containsString("docent_ingest_document_seconds_count"))
                .body(containsString("docent_search_seconds_count"));
    }
}
