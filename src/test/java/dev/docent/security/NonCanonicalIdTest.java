package dev.docent.security;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.docent.testsupport.Collections;
import dev.docent.testsupport.PostgresTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * {@link UUID#fromString} reads many spellings of one id (a full-width digit, a {@code +} sign, a short group); the
 * API answers only the canonical one, so no spelling reaches a collection, job or document past the auth filter.
 */
@QuarkusTest
@QuarkusTestResource(value = PostgresTestResource.class, restrictToAnnotatedClass = false)
class NonCanonicalIdTest {

    /** The same UUID with its first character full-width (U+FF10..FF19, U+FF41..FF46), which the JDK reads as hex. */
    static String misspelled(String id) {
        char first = id.charAt(0);
        char wide = Character.isDigit(first)
                ? (char) ('\uFF10' + (first - '0'))
                : (char) ('\uFF41' + (Character.toLowerCase(first) - 'a'));
        String spelled = wide + id.substring(1);
        assertThat(UUID.fromString(spelled))
                .as("the JDK reads %s as %s", spelled, id)
                .isEqualTo(UUID.fromString(id));
        return spelled;
    }

    @Test
    void aMisspelledIdIsNotFoundForOutsidersMembersAndAdmins() {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        String admin = SecurityTest.key("noncanon-admin-" + suffix, List.of("write"), List.of());
        String reader = SecurityTest.key("noncanon-reader-" + suffix, List.of("write"), List.of());
        String outsider = SecurityTest.key("noncanon-outsider-" + suffix, List.of("write"), List.of());
        String collection = SecurityTest.collection(admin);
        given().header("Authorization", SecurityTest.bearer(admin))
                .contentType(ContentType.JSON)
                .body(Map.of("principal", "user:noncanon-reader-" + suffix, "role", "reader"))
                .put("/v1/collections/{c}/members", collection)
                .then()
                .statusCode(200);
        String job = given().header("Authorization", SecurityTest.bearer(admin))
                .multiPart(
                        "file",
                        "secret.txt",
                        "The merger closes in March.".getBytes(StandardCharsets.UTF_8),
                        "text/plain")
                .post("/v1/collections/{c}/documents", collection)
                .then()
                .statusCode(202)
                .extract()
                .path("id");
        Collections.awaitJob(job, java.time.Duration.ofSeconds(60));
        String c = misspelled(collection);
        String j = misspelled(job);

        Map<String, Function<String, Response>> requests = new java.util.LinkedHashMap<>();
        requests.put("GET collection", key -> as(key).get("/v1/collections/" + c));
        requests.put("GET documents", key -> as(key).get("/v1/collections/" + c + "/documents"));
        requests.put(
                "POST search",
                key -> as(key).contentType(ContentType.JSON)
                        .body(Map.of("query", "merger"))
                        .post("/v1/collections/" + c + "/search"));
        requests.put(
                "PUT members (a reader making itself admin)",
                key -> as(key).contentType(ContentType.JSON)
                        .body(Map.of("principal", "user:noncanon-reader-" + suffix, "role", "admin"))
                        .put("/v1/collections/" + c + "/members"));
        requests.put("GET job", key -> as(key).get("/v1/jobs/" + j));
        requests.put("DELETE collection", key -> as(key).delete("/v1/collections/" + c));

        for (var request : requests.entrySet()) {
            for (String key : List.of(outsider, reader, admin)) {
                Response r = request.getValue().apply(key);
                assertThat(r.statusCode())
                        .as(request.getKey() + ": " + r.asString())
                        .isEqualTo(404);
                assertThat(r.jsonPath().getString("code")).isEqualTo("not_found");
                assertThat(r.asString()).doesNotContain("secret.txt", "merger");
            }
        }
        // nothing changed: the reader is still a reader, the collection and its document are still there
        given().header("Authorization", SecurityTest.bearer(reader))
                .contentType(ContentType.JSON)
                .body(Map.of("principal", "user:noncanon-reader-" + suffix, "role", "admin"))
                .put("/v1/collections/{c}/members", collection)
                .then()
                .statusCode(403);
        given().header("Authorization", SecurityTest.bearer(admin))
                .get("/v1/collections/{c}/documents", collection)
                .then()
                .statusCode(200)
                .body("items.size()", org.hamcrest.Matchers.is(1));
    }

    @Test
    void aMisspelledDocumentIdInsideAnAuthorisedCollectionIsNotFound() {
        String admin = SecurityTest.key("noncanon-doc-" + UUID.randomUUID(), List.of("write"), List.of());
        String collection = SecurityTest.collection(admin);
        String document = given().header("Authorization", SecurityTest.bearer(admin))
                .multiPart("file", "doc.txt", "A document.".getBytes(StandardCharsets.UTF_8), "text/plain")
                .post("/v1/collections/{c}/documents?wait=true", collection)
                .then()
                .statusCode(201)
                .extract()
                .path("id");

        Response r = as(admin).get("/v1/collections/" + collection + "/documents/" + misspelled(document));

        assertThat(r.statusCode()).isEqualTo(404);
        assertThat(r.jsonPath().getString("code")).isEqualTo("not_found");
        as(admin)
                .get("/v1/collections/" + collection + "/documents/" + document)
                .then()
                .statusCode(200);
    }

    private static io.restassured.specification.RequestSpecification as(String key) {
        return given().urlEncodingEnabled(true).header("Authorization", SecurityTest.bearer(key));
    }
}
