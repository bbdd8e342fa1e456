package dev.docent.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.docent.security.SecurityTest;
import dev.docent.testsupport.Collections;
import dev.docent.testsupport.PostgresTestResource;
import dev.docent.testsupport.Sql;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Bad input gets a 4xx problem with a stable code, never a 500 or a 503 that invites retries, and changes nothing:
 * values the database cannot store (NUL characters, unpaired surrogates, dates out of range), malformed multipart
 * bodies, misspelt or repeated form fields, query parameters that are not numbers, wrong methods and media types.
 * Found by fuzzing a running service (the cases are the ones that answered 500 or 503 before).
 */
@QuarkusTest
@QuarkusTestResource(value = PostgresTestResource.class, restrictToAnnotatedClass = false)
class BadInputTest {

    private static final String NUL = "\u0000";

    @jakarta.inject.Inject
    javax.sql.DataSource db;

    @Test
    void valuesTheDatabaseCannotStoreAre400NamingTheField() {
        String c = Collections.create();
        String doc = Collections.uploadText(c, "a.txt", "Alpha beta gamma.").getString("id");

        badRequest(
                json().body("{\"metadata\":{\"team\":\"le" + "\\u0000" + "gal\"}}")
                        .put("/v1/collections/{c}/documents/{d}/metadata", c, doc),
                "metadata.team");
        badRequest(
                json().body("{\"metadata\":{\"te" + "\\u0000" + "am\":\"legal\"}}")
                        .put("/v1/collections/{c}/documents/{d}/metadata", c, doc),
                "metadata");
        badRequest(
                json().body("{\"aclGroups\":[\"a" + "\\udfff" + "\"]}")
                        .put("/v1/collections/{c}/documents/{d}/acl", c, doc),
                "aclGroups[0]");
        badRequest(
                json().body("{\"query\":\"alpha" + "\\u0000" + "\"}").post("/v1/collections/{c}/search", c), "query");
        badRequest(
                json().body("{\"question\":\"alpha" + "\\u0000" + "?\"}").post("/v1/collections/{c}/answers", c),
                "question");
        badRequest(
                json().body(Map.of("name", "bad-" + UUID.randomUUID(), "description", "a" + NUL + "b"))
                        .post("/v1/collections"),
                "description");
        badRequest(
                json().body("{\"query\":\"alpha\",\"filters\":{\"updatedAfter\":\"+999999999-12-31T23:59:59Z\"}}")
                        .post("/v1/collections/{c}/search", c),
                "filters.updatedAfter");
        badRequest(
                json().body("{\"owner\":\"bad\",\"expiresAt\":\"+999999999-12-31T23:59:59Z\"}")
                        .post("/v1/keys"),
                "expiresAt");
        badRequest(json().body("{\"owner\":\"bad\",\"scopes\":[null]}").post("/v1/keys"), "scopes");
        // an owner is named user:OWNER in memberships: "group:legal" or "a b" made confusing principals
        badRequest(json().body("{\"owner\":\"group:legal\"}").post("/v1/keys"), "owner");
        badRequest(json().body("{\"owner\":\"a b\"}").post("/v1/keys"), "owner");
        // "*" is no wildcard, and looked like one
        badRequest(
                json().body("{\"principal\":\"user:*\",\"role\":\"reader\"}").put("/v1/collections/{c}/members", c),
                "principal");
        badRequest(
                given().queryParam("metadata", "te" + NUL + "am:x").get("/v1/collections/{c}/documents", c),
                "metadata");

        // nothing changed
        var stored = given().get("/v1/collections/{c}/documents/{d}", c, doc)
                .then()
                .extract()
                .jsonPath();
        assertThat(stored.getMap("metadata")).doesNotContainKey("team");
        assertThat(stored.getList("aclGroups")).isEmpty();
    }

    @Test
    void anUploadWithAValueTheQueueCannotStoreIs400AndNeverARetryable503() {
        String c = Collections.create();
        List<Response> refused = List.of(
                upload(c, "b.txt", Map.of("externalId", "ext" + NUL + "id")),
                upload(c, "b.txt", Map.of("aclGroups", "g" + NUL)),
                upload(c, "b.txt", Map.of("metadata", "{\"k\":\"v\\u0000\"}")),
                upload(c, "x".repeat(2720) + ".txt", Map.of()));
        for (Response r : refused) {
            assertThat(r.statusCode()).as(r.asString()).isEqualTo(400);
            assertThat(r.getHeader("Retry-After")).isNull();
            assertThat(r.jsonPath().getString("code")).isEqualTo("validation_failed");
        }
        assertThat(externalIds(c)).isEmpty();
    }

    @Test
    void valuesOfTheWrongJsonTypeAreRefusedNotConverted() {
        String c = Collections.create();
        badRequest(json().body("{\"query\":\"alpha\",\"topK\":\"5\"}").post("/v1/collections/{c}/search", c), "topK");
        badRequest(json().body("{\"query\":\"alpha\",\"topK\":2.7}").post("/v1/collections/{c}/search", c), "topK");
        badRequest(json().body("{\"query\":5}").post("/v1/collections/{c}/search", c), "query");
        badRequest(json().body("{\"query\":\"alpha\"} {\"query\":\"beta\"}").post("/v1/collections/{c}/search", c), "");
        badRequest(json().body("{\"query\":\"alpha\",\"query\":\"beta\"}").post("/v1/collections/{c}/search", c), "");
        badRequest(given().delete("/v1/collections/{c}/members", c), "principal");
        Response longName = json().body("{\"" + "x".repeat(40_000) + "\":1}").post("/v1/collections/{c}/search", c);
        badRequest(longName, "unknown field");
        assertThat(longName.asString().length()).isLessThan(2_000);
        badRequest(
                json().body(Map.of("principal", "user: ", "role", "reader")).put("/v1/collections/{c}/members", c),
                "principal");
    }

    @Test
    void metadataUpToItsDocumentedLimitsFitsInAnUploadField() {
        String c = Collections.create();
        StringBuilder metadata = new StringBuilder("{");
        for (int i = 0; i < 64; i++) {
            metadata.append(i == 0 ? "" : ",")
                    .append("\"k")
                    .append(i)
                    .append("\":\"")
                    .append("v".repeat(1000))
                    .append('"');
        }
        Response r = upload(c, "m.txt", Map.of("metadata", metadata.append('}').toString()), "?wait=true");
        assertThat(r.statusCode()).as(r.asString()).isEqualTo(201);
    }

    @Test
    void aPartNamedLikeADirectoryDoesNotBecomeTheEmptyExternalId() {
        String c = Collections.create();
        String first = given().multiPart("file", "dir/", "First text.".getBytes(StandardCharsets.UTF_8), "text/plain")
                .post("/v1/collections/{c}/documents?wait=true", c)
                .then()
                .statusCode(201)
                .extract()
                .path("externalId");
        assertThat(first).isNotBlank();
    }

    @Test
    void misspeltOrRepeatedFormFieldsAreRefusedNotIgnored() throws Exception {
        String c = Collections.create();
        // "aclgroups" would have left the document readable by everyone
        badRequest(upload(c, "c.txt", Map.of("aclgroups", "research")), "aclgroups");
        badRequest(
                given().multiPart("file", "d.txt", "Text.".getBytes(StandardCharsets.UTF_8), "text/plain")
                        .multiPart("externalId", "one")
                        .multiPart("externalId", "two")
                        .post("/v1/collections/{c}/documents", c),
                "externalId");
        assertThat(externalIds(c)).isEmpty();
        // the audit log says the uploads were refused, not that they happened
        assertThat(Sql.count(
                        db,
                        "SELECT count(*) FROM audit_event WHERE action = 'document.upload' AND target = ? AND status = 400",
                        "/v1/collections/" + c + "/documents"))
                .isEqualTo(2);
        Collections.uploadText(c, "ok.txt", "Fine.");
        assertThat(Sql.count(
                        db,
                        "SELECT count(*) FROM audit_event WHERE action = 'document.upload' AND target = ? AND status < 300",
                        "/v1/collections/" + c + "/documents"))
                .isEqualTo(1);
    }

    @Test
    void aMalformedMultipartBodyIs400() throws Exception {
        String c = Collections.create();
        // a body cut off inside its first part: no closing boundary
        String body = "--XYZ\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.txt\"\r\n\r\ntrunc";
        var request = java.net.http.HttpRequest.newBuilder(java.net.URI.create(
                        "http://localhost:" + io.restassured.RestAssured.port + "/v1/collections/" + c + "/documents"))
                .header("Content-Type", "multipart/form-data; boundary=XYZ")
                .header("Authorization", "Bearer " + dev.docent.testsupport.TestCredentials.ADMIN_KEY)
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(body))
                .build();
        try (var client = java.net.http.HttpClient.newHttpClient()) {
            var response = client.send(request, java.net.http.HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
            assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
            assertThat(response.body()).contains("validation_failed").doesNotContain("Exception");
        }
    }

    @Test
    void queryParametersThatAreNotNumbersOrBooleansAre400() {
        String c = Collections.create();
        badRequest(given().get("/v1/collections/{c}/documents?limit=abc", c), "limit");
        badRequest(given().get("/v1/collections/{c}/documents?offset=1.5", c), "offset");
        badRequest(upload(c, "e.txt", Map.of(), "?wait=maybe"), "wait");
    }

    @Test
    void wrongMethodsAndMediaTypesHaveCodesOfTheirOwn() {
        String c = Collections.create();
        Response wrongMethod = given().put("/v1/collections");
        assertProblem(wrongMethod, 405, "method_not_allowed", "allowed: GET, HEAD, OPTIONS, POST");
        assertThat(wrongMethod.header("Allow")).isEqualTo("GET, HEAD, OPTIONS, POST");
        // paths under a collection id: RESTEasy Reactive alone answered these 404, as if the path did not exist
        Response onSearch = given().delete("/v1/collections/{c}/search", c);
        assertProblem(onSearch, 405, "method_not_allowed", "allowed: OPTIONS, POST");
        assertThat(onSearch.header("Allow")).isEqualTo("OPTIONS, POST");
        Response onReingest = given().get("/v1/collections/{c}/documents/{d}/reingest", c, UUID.randomUUID());
        assertThat(onReingest.header("Allow")).isEqualTo("OPTIONS, POST");
        assertProblem(given().get("/v1/collections/{c}/nothing-here", c), 404, "not_found", "");
        assertProblem(
                given().contentType(ContentType.TEXT).body("hello").post("/v1/collections/{c}/search", c),
                415,
                "unsupported_media_type",
                "");
        assertProblem(
                json().accept("application/xml").body(Map.of("query", "x")).post("/v1/collections/{c}/search", c),
                406,
                "not_acceptable",
                "");
    }

    @Test
    void aCollectionKeepsAnAdmin() {
        String owner = "owner-" + UUID.randomUUID();
        String key = SecurityTest.key(owner, List.of("write"), List.of());
        String c = SecurityTest.collection(key);
        assertProblem(
                given().header("Authorization", SecurityTest.bearer(key))
                        .delete("/v1/collections/{c}/members?principal=user:" + owner, c),
                409,
                "conflict",
                "admin");
        assertProblem(
                given().header("Authorization", SecurityTest.bearer(key))
                        .contentType(ContentType.JSON)
                        .body(Map.of("principal", "user:" + owner, "role", "reader"))
                        .put("/v1/collections/{c}/members", c),
                409,
                "conflict",
                "admin");
        // the creator still manages its collection
        given().header("Authorization", SecurityTest.bearer(key))
                .get("/v1/collections/{c}/members", c)
                .then()
                .statusCode(200);
    }

    @Test
    void aListingsTextQueryIsASubstringNotAPattern() {
        String c = Collections.create();
        Collections.uploadText(c, "plain.txt", "Nothing special here.");
        Collections.uploadText(c, "50%_off.txt", "A sale.");
        List<String> hits = given().queryParam("q", "%_")
                .get("/v1/collections/{c}/documents", c)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("externalId");
        assertThat(hits).containsExactly("50%_off.txt");
    }

    /** The external ids of the collection's documents. */
    private static List<String> externalIds(String c) {
        return given().get("/v1/collections/{c}/documents", c)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("externalId");
    }

    private static io.restassured.specification.RequestSpecification json() {
        return given().contentType(ContentType.JSON);
    }

    private static Response upload(String c, String name, Map<String, String> fields) {
        return upload(c, name, fields, "");
    }

    private static Response upload(String c, String name, Map<String, String> fields, String query) {
        var spec = given().multiPart("file", name, "Some text.".getBytes(StandardCharsets.UTF_8), "text/plain");
        for (var f : fields.entrySet()) {
            spec = spec.multiPart(f.getKey(), f.getValue());
        }
        return spec.post("/v1/collections/{c}/documents" + query, c);
    }

    private static void badRequest(Response r, String detailMentions) {
        assertProblem(r, 400, "validation_failed", detailMentions);
    }

    private static void assertProblem(Response r, int status, String code, String detailMentions) {
        assertThat(r.statusCode()).as(r.asString()).isEqualTo(status);
        assertThat(r.contentType()).as(r.asString()).startsWith("application/problem+json");
        assertThat(r.jsonPath().getString("code")).as(r.asString()).isEqualTo(code);
        assertThat(r.jsonPath().getString("detail")).as(r.asString()).contains(detailMentions);
        assertThat(r.asString()).doesNotContain("Exception", "dev.docent", "org.postgresql");
    }
}
