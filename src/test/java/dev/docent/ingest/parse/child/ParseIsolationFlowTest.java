package dev.docent.ingest.parse.child;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import dev.docent.testsupport.PostgresTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Over HTTP with the default configuration (parsing in worker processes; OCR off in tests): a
 * runaway parser fails its document with a code and the service carries on.
 */
@QuarkusTest
@QuarkusTestResource(value = PostgresTestResource.class, restrictToAnnotatedClass = false)
class ParseIsolationFlowTest {

    private static String newCollection() {
        return given().contentType(ContentType.JSON)
                .body(Map.of("name", "isolation-" + UUID.randomUUID()))
                .post("/v1/collections")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
    }

    @Test
    void runawayParserFailsItsDocumentAndTheServiceCarriesOn() {
        String c = newCollection();
        given().multiPart("file", "bomb.docent-hostile-test", HostileTestParser.file("alloc"))
                .post("/v1/collections/{c}/documents?wait=true", c)
                .then()
                .statusCode(422)
                .contentType("application/problem+json")
                .body("code", equalTo("resource_limit"));
        given().multiPart("file", "crash.docent-hostile-test", HostileTestParser.file("halt"))
                .post("/v1/collections/{c}/documents?wait=true", c)
                .then()
                .statusCode(422)
                .body("code", equalTo("parser_crashed"));

        given().get("/q/health/ready").then().statusCode(200);
        given().multiPart(
                        "file",
                        "after.txt",
                        "The service still parses after a runaway parser.".getBytes(StandardCharsets.UTF_8))
                .post("/v1/collections/{c}/documents?wait=true", c)
                .then()
                .statusCode(201);
        given().get("/v1/collections/{c}/documents?status=failed", c)
                .then()
                .statusCode(200)
                .body("errorCode", org.hamcrest.Matchers.containsInAnyOrder("resource_limit", "parser_crashed"));
    }

    @Test
    void imageOnlyPdfEndsAsNoTextWhenOcrIsOff() {
        // %test sets docent.ingest.ocr.enabled=false; OcrFlowTest covers OCR on
        String c = newCollection();
        given().multiPart("file", "scan.pdf", OcrScan.BYTES)
                .post("/v1/collections/{c}/documents?wait=true", c)
                .then()
                .statusCode(422)
                .body("code", equalTo("no_text"));
    }
}
