package dev.docent.ingest.parse.child;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import dev.docent.ingest.parse.TesseractProbe;
import dev.docent.testsupport.PostgresTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * OCR as shipped ({@code docent.ingest.ocr.enabled=auto}, parsing in workers): with tesseract installed a scanned
 * PDF is ingested and its passages are found on the right page; without it the scan ends as {@code no_text}.
 */
@QuarkusTest
@TestProfile(OcrFlowTest.OcrAuto.class)
@Tag("own-jvm") // a second Quarkus application: runs in its own JVM (surefire execution own-jvm-tests)
@QuarkusTestResource(value = PostgresTestResource.class, restrictToAnnotatedClass = false)
class OcrFlowTest {

    /** The production default for OCR. */
    public static class OcrAuto implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("docent.ingest.ocr.enabled", "auto");
        }
    }

    @Test
    void scannedPdfIsOcrdAndCitedByPageOrEndsAsNoText() {
        String c = given().contentType(ContentType.JSON)
                .body(Map.of("name", "ocr-" + UUID.randomUUID()))
                .post("/v1/collections")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        if (!TesseractProbe.available()) {
            given().multiPart("file", "scan.pdf", OcrScan.BYTES)
                    .post("/v1/collections/{c}/documents?wait=true", c)
                    .then()
                    .statusCode(422)
                    .body("code", equalTo("no_text"));
            return;
        }
        JsonPath doc = given().multiPart("file", "scan.pdf", OcrScan.BYTES)
                .post("/v1/collections/{c}/documents?wait=true", c)
                .then()
                .statusCode(201)
                .extract()
                .jsonPath();
        assertThat(doc.getInt("pageCount")).isEqualTo(2);

        JsonPath search = given().contentType(ContentType.JSON)
                .body(Map.of("query", "harbour master signed the ledger", "topK", 1, "mode", "keyword"))
                .post("/v1/collections/{c}/search", c)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        // the short scan is one chunk spanning both pages
        assertThat(search.getInt("hits[0].page")).isEqualTo(1);
        assertThat(search.getInt("hits[0].pageEnd")).isEqualTo(2);

        JsonPath text = given().get("/v1/collections/{c}/documents/{d}/text", c, doc.getString("id"))
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        int secondPage = text.getInt("pageStarts[1]");
        String body = text.getString("text").toLowerCase(java.util.Locale.ROOT);
        assertThat(body.indexOf("lighthouse")).isBetween(0, secondPage - 1);
        assertThat(body.indexOf("harbour")).isGreaterThanOrEqualTo(secondPage);

        JsonPath answer = given().contentType(ContentType.JSON)
                .body(Map.of("question", "Who signed the ledger?"))
                .post("/v1/collections/{c}/answers", c)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        if (answer.getBoolean("grounded")) {
            // a citation's page is that of its quote, not of its chunk
            for (Map<String, Object> citation : answer.<Map<String, Object>>getList("citations")) {
                String quote = String.valueOf(citation.get("quote")).toLowerCase(java.util.Locale.ROOT);
                if (quote.contains("ledger") && !quote.contains("lighthouse")) {
                    assertThat(citation.get("page")).isEqualTo(2);
                }
            }
        }
    }
}
