package dev.docent.security;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import dev.docent.testsupport.PostgresTestResource;
import dev.docent.testsupport.TestCredentials;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Authentication and collection-level authorization over HTTP on real PostgreSQL. */
@QuarkusTest
@QuarkusTestResource(value = PostgresTestResource.class, restrictToAnnotatedClass = false)
public class SecurityTest {

    public static String key(String owner, List<String> scopes, List<String> groups) {
        return given().contentType(ContentType.JSON)
                .body(Map.of("owner", owner, "scopes", scopes, "groups", groups))
                .post("/v1/keys")
                .then()
                .statusCode(201)
                .extract()
                .path("secret");
    }

    public static String bearer(String key) {
        return "Bearer " + key;
    }

    public static String collection(String key) {
        return given().header("Authorization", bearer(key))
                .contentType(ContentType.JSON)
                .body(Map.of("name", "sec-" + UUID.randomUUID()))
                .post("/v1/collections")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
    }

    /**
     * Every /v1 operation in the OpenAPI document: method, path with parameters filled by random UUIDs, and the
     * request content type it declares (null without a body).
     */
    @SuppressWarnings("unchecked")
    static List<String[]> v1Operations() {
        JsonPath api = given().get("/q/openapi?format=json")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        Map<String, Map<String, Object>> paths = api.getMap("paths");
        List<String[]> ops = new ArrayList<>();
        paths.forEach((path, methods) -> {
            if (path.startsWith("/v1/")) {
                methods.forEach((method, op) -> {
                    if (List.of("get", "post", "put", "delete", "patch").contains(method)) {
                        Map<String, Object> body = (Map<String, Object>) ((Map<String, Object>) op).get("requestBody");
                        String type = body == null
                                ? null
                                : ((Map<String, Object>) body.get("content"))
                                        .keySet()
                                        .iterator()
                                        .next();
                        String concrete =
                                path.replaceAll("\\{[^}]+}", UUID.randomUUID().toString());
                        ops.add(new String[] {method.toUpperCase(), concrete, type});
                    }
                });
            }
        });
        return ops;
    }

    static io.restassured.specification.RequestSpecification withBody(
            io.restassured.specification.RequestSpecification spec, String type) {
        if (type == null) {
            return spec;
        }
        if (type.startsWith("multipart/")) {
            return spec.multiPart("file", "probe.txt", "probe".getBytes());
        }
        return spec.contentType(type).body("{}");
    }

    @Test
    void everyV1OperationRefusesRequestsWithoutValidCredentials() {
        List<String[]> ops = v1Operations();
        assertThat(ops).hasSizeGreaterThanOrEqualTo(8);
        for (String[] op : ops) {
            for (String auth : new String[] {null, "Bearer dk_not-a-real-key", "Basic YWRtaW46YWRtaW4="}) {
                var spec = auth == null
                        ? given().header(TestCredentials.ANONYMOUS, "1")
                        : given().header("Authorization", auth);
                Response r = withBody(spec, op[2]).request(op[0], op[1]);
                assertThat(r.statusCode())
                        .as(op[0] + " " + op[1] + " with " + auth)
                        .isEqualTo(401);
                assertThat(r.contentType()).startsWith("application/problem+json");
                assertThat(r.jsonPath().getString("code")).isEqualTo("unauthenticated");
                assertThat(r.getHeader("WWW-Authenticate")).startsWith("Bearer");
            }
        }
    }

    @Test
    void anotherTenantsCollectionLooksExactlyLikeOneThatDoesNotExist() throws Exception {
        String alice = key("alice-" + UUID.randomUUID(), List.of("write"), List.of());
        String bob = key("bob-" + UUID.randomUUID(), List.of("write"), List.of());
        String aliceCollection = collection(alice);
        Path file = Files.createTempFile("alice", ".txt");
        file.toFile().deleteOnExit();
        Files.writeString(file, "Alice's private plan: the launch date is the ninth of March.");
        given().header("Authorization", bearer(alice))
                .multiPart("file", file.toFile())
                .post("/v1/collections/{c}/documents?wait=true", aliceCollection)
                .then()
                .statusCode(201);

        String jobId = given().header("Authorization", bearer(alice))
                .multiPart("file", file.toFile())
                .post("/v1/collections/{c}/documents", aliceCollection)
                .then()
                .statusCode(202)
                .extract()
                .path("id");
        for (String suffix : List.of("", "/events")) {
            Response job = given().header("Authorization", bearer(bob)).get("/v1/jobs/" + jobId + suffix);
            Response noJob = given().header("Authorization", bearer(bob)).get("/v1/jobs/" + UUID.randomUUID() + suffix);
            assertThat(job.statusCode()).isEqualTo(404).isEqualTo(noJob.statusCode());
            assertThat(job.asString()).doesNotContain("alice").doesNotContain(aliceCollection);
        }
        given().header("Authorization", bearer(alice))
                .get("/v1/jobs/" + jobId)
                .then()
                .statusCode(200);

        List<String> bobSees = given().header("Authorization", bearer(bob))
                .get("/v1/collections")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("id");
        assertThat(bobSees).doesNotContain(aliceCollection);

        String missing = UUID.randomUUID().toString();
        for (String[] op : List.of(
                new String[] {"GET", "/v1/collections/%s/documents"},
                new String[] {"POST", "/v1/collections/%s/search"},
                new String[] {"POST", "/v1/collections/%s/answers"},
                new String[] {"GET", "/v1/collections/%s/members"})) {
            Response other = given().header("Authorization", bearer(bob))
                    .contentType(ContentType.JSON)
                    .body(Map.of("query", "launch date", "question", "When is the launch?"))
                    .request(op[0], op[1].formatted(aliceCollection));
            Response none = given().header("Authorization", bearer(bob))
                    .contentType(ContentType.JSON)
                    .body(Map.of("query", "launch date", "question", "When is the launch?"))
                    .request(op[0], op[1].formatted(missing));
            assertThat(other.statusCode()).isEqualTo(404).isEqualTo(none.statusCode());
            assertThat(other.jsonPath().getString("detail").replace(aliceCollection, "ID"))
                    .isEqualTo(none.jsonPath().getString("detail").replace(missing, "ID"));
            assertThat(other.asString()).doesNotContain("March").doesNotContain("Alice");
        }
    }

    @Test
    void collectionNamesAreUniquePerOwnerSoACreateRevealsNothingAboutOtherTenants() {
        String name = "plans-" + UUID.randomUUID();
        String alice = key("alice-" + UUID.randomUUID(), List.of("write"), List.of());
        String bob = key("bob-" + UUID.randomUUID(), List.of("write"), List.of());
        Response alicesFirst = create(alice, name);
        assertThat(alicesFirst.statusCode()).isEqualTo(201);

        // bob cannot learn that alice has a collection with this name: his create succeeds as if it were free
        Response bobs = create(bob, name);
        assertThat(bobs.statusCode()).isEqualTo(201);
        assertThat(bobs.jsonPath().getString("id"))
                .isNotEqualTo(alicesFirst.jsonPath().getString("id"));
        List<String> bobSees = given().header("Authorization", bearer(bob))
                .get("/v1/collections")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("id");
        assertThat(bobSees)
                .contains(bobs.jsonPath().getString("id"))
                .doesNotContain(alicesFirst.jsonPath().getString("id"));

        // a name clash with one's own collection is still a conflict, and it speaks only of one's own
        Response again = create(alice, name);
        assertThat(again.statusCode()).isEqualTo(409);
        assertThat(again.jsonPath().getString("code")).isEqualTo("conflict");
        assertThat(again.asString())
                .doesNotContain("bob")
                .doesNotContain(bobs.jsonPath().getString("id"));
        Response bobAgain = create(bob, name);
        assertThat(bobAgain.statusCode()).isEqualTo(409);
        assertThat(bobAgain.jsonPath().getString("detail"))
                .isEqualTo(again.jsonPath().getString("detail"))
                .doesNotContain("alice");
    }

    private static Response create(String key, String name) {
        return given().header("Authorization", bearer(key))
                .contentType(ContentType.JSON)
                .body(Map.of("name", name))
                .post("/v1/collections");
    }

    @Test
    void rolesAndScopesLimitWhatAMemberMayDo() throws Exception {
        String owner = "carol-" + UUID.randomUUID();
        String carol = key(owner, List.of("write"), List.of());
        String dave = key("dave-" + UUID.randomUUID(), List.of("write"), List.of("team-" + owner));
        String readOnly = key(owner, List.of("read"), List.of());
        String c = collection(carol);
        Path file = Files.createTempFile("team", ".txt");
        file.toFile().deleteOnExit();
        Files.writeString(file, "The team offsite is in Lisbon.");

        given().header("Authorization", bearer(carol))
                .contentType(ContentType.JSON)
                .body(Map.of("principal", "group:team-" + owner, "role", "reader"))
                .put("/v1/collections/{c}/members", c)
                .then()
                .statusCode(200)
                .body("role", equalTo("reader"));

        // dave reads through his group, but may not write
        given().header("Authorization", bearer(dave))
                .contentType(ContentType.JSON)
                .body(Map.of("query", "offsite"))
                .post("/v1/collections/{c}/search", c)
                .then()
                .statusCode(200);
        given().header("Authorization", bearer(dave))
                .multiPart("file", file.toFile())
                .post("/v1/collections/{c}/documents", c)
                .then()
                .statusCode(403)
                .body("code", equalTo("forbidden"));
        // carol's read-only key is capped at reader although carol administers the collection
        given().header("Authorization", bearer(readOnly))
                .multiPart("file", file.toFile())
                .post("/v1/collections/{c}/documents", c)
                .then()
                .statusCode(403);
        // keys are managed by admin-scoped keys only
        given().header("Authorization", bearer(carol)).get("/v1/keys").then().statusCode(403);
    }

    @Test
    void aRevokedKeyStopsWorkingAndSecretsAreNeverListed() {
        Response created = given().contentType(ContentType.JSON)
                .body(Map.of("owner", "erin", "scopes", List.of("read")))
                .post("/v1/keys");
        String secret = created.path("secret");
        String id = created.path("id");
        assertThat(secret).startsWith("dk_").hasSizeGreaterThan(40);
        given().header("Authorization", bearer(secret))
                .get("/v1/collections")
                .then()
                .statusCode(200);

        String listing =
                given().get("/v1/keys").then().statusCode(200).extract().asString();
        assertThat(listing).contains(id).doesNotContain(secret);

        given().delete("/v1/keys/{id}", id).then().statusCode(204);
        given().header("Authorization", bearer(secret))
                .get("/v1/collections")
                .then()
                .statusCode(401)
                .body("code", equalTo("unauthenticated"));
    }

    @Test
    void aConversationIsReadableOnlyByTheCallerWhoStartedIt() {
        String owner = "kim-" + UUID.randomUUID();
        String kim = key(owner, List.of("write"), List.of());
        String leeOwner = owner.replace("kim", "lee");
        String lee = key(leeOwner, List.of("write"), List.of());
        String c = collection(kim);
        given().header("Authorization", bearer(kim))
                .contentType(ContentType.JSON)
                .body(Map.of("principal", "user:" + leeOwner, "role", "reader"))
                .put("/v1/collections/{c}/members", c)
                .then()
                .statusCode(200);
        String conversation = UUID.randomUUID().toString();
        given().header("Authorization", bearer(kim))
                .contentType(ContentType.JSON)
                .body(Map.of("question", "What is our secret plan?", "conversationId", conversation))
                .post("/v1/collections/{c}/answers", c)
                .then()
                .statusCode(200);
        given().header("Authorization", bearer(kim))
                .get("/v1/collections/{c}/conversations/{id}", c, conversation)
                .then()
                .statusCode(200);
        // lee reads the collection, but not kim's conversation
        given().header("Authorization", bearer(lee))
                .get("/v1/collections/{c}/documents", c)
                .then()
                .statusCode(200);
        Response other = given().header("Authorization", bearer(lee))
                .get("/v1/collections/{c}/conversations/{id}", c, conversation);
        assertThat(other.statusCode()).isEqualTo(404);
        assertThat(other.asString()).doesNotContain("secret plan");
    }
}
