package dev.docent.ops.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import dev.docent.security.SecurityTest;
import dev.docent.testsupport.PostgresTestResource;
import dev.docent.testsupport.TestCredentials;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

/** {@code GET /v1/info}: the server's version and effective ingestion settings, for any authenticated caller. */
@QuarkusTest
@QuarkusTestResource(value = PostgresTestResource.class, restrictToAnnotatedClass = false)
class InfoResourceTest {

    @Test
    void reportsTheVersionAndTheIngestionSettingsInEffect() {
        JsonPath info = given().get("/v1/info").then().statusCode(200).extract().jsonPath();

        String version = ConfigProvider.getConfig().getValue("quarkus.application.version", String.class);
        assertThat(info.getString("version")).isEqualTo(version).isNotBlank();
        assertThat(info.getInt("ingestion.chunkTokens")).isEqualTo(256);
        assertThat(info.getInt("ingestion.chunkOverlapTokens")).isEqualTo(32);
        assertThat(info.getString("ingestion.embeddingModel")).isEqualTo("bge-small-en-v1.5-q");
        assertThat(info.getInt("ingestion.embeddingDimension")).isEqualTo(384);
        assertThat(info.getBoolean("ingestion.ocr")).as("%test turns OCR off").isFalse();
        assertThat(info.getInt("ingestion.writeLimitChars")).isEqualTo(5_000_000);
        assertThat(info.getMap("ingestion").keySet())
                .as("only the documented settings: no secret, no provider URL")
                .containsExactlyInAnyOrder(
                        "chunkTokens",
                        "chunkOverlapTokens",
                        "embeddingModel",
                        "embeddingDimension",
                        "ocr",
                        "writeLimitChars");
    }

    @Test
    void anyAuthenticatedCallerMayReadItButNoAnonymousOne() {
        String reader = SecurityTest.key("info-reader-" + UUID.randomUUID(), List.of("read"), List.of());
        given().header("Authorization", SecurityTest.bearer(reader))
                .get("/v1/info")
                .then()
                .statusCode(200)
                .body("ingestion.chunkTokens", equalTo(256));
        given().header(TestCredentials.ANONYMOUS, "1")
                .get("/v1/info")
                .then()
                .statusCode(401)
                .body("code", equalTo("unauthenticated"));
    }
}
