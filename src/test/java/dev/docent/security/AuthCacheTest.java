package dev.docent.security;

import static dev.docent.security.SecurityTest.bearer;
import static dev.docent.security.SecurityTest.collection;
import static dev.docent.security.SecurityTest.key;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import dev.docent.testsupport.PostgresTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Verified keys and collection roles are remembered per replica for {@code docent.security.auth-cache-ttl}; every
 * change made through this replica must still take effect on the very next request.
 */
@QuarkusTest
@QuarkusTestResource(value = PostgresTestResource.class, restrictToAnnotatedClass = false)
class AuthCacheTest {

    private static void search(String key, String collection, int status) {
        given().header("Authorization", bearer(key))
                .contentType(ContentType.JSON)
                .body(Map.of("query", "anything", "topK", 3))
                .post("/v1/collections/{c}/search", collection)
                .then()
                .statusCode(status);
    }

    @Test
    void aRevokedKeyFailsOnTheNextRequestThoughItWasJustVerified() {
        String owner = "cache-" + UUID.randomUUID();
        String secret = key(owner, List.of("write"), List.of());
        String id = given().get("/v1/keys").then().extract().path("find { it.owner == '" + owner + "' }.id");
        String c = collection(secret);
        for (int i = 0; i < 5; i++) {
            search(secret, c, 200); // verified and remembered
        }
        given().delete("/v1/keys/{id}", id).then().statusCode(204);
        given().header("Authorization", bearer(secret))
                .contentType(ContentType.JSON)
                .body(Map.of("query", "anything"))
                .post("/v1/collections/{c}/search", c)
                .then()
                .statusCode(401)
                .body("code", equalTo("unauthenticated"));
    }

    @Test
    void aKeyRevokedThroughAnotherReplicaCannotMakeKeysOrMembersWhileThisOneStillRemembersIt() {
        String owner = "cache-" + UUID.randomUUID();
        String secret = key(owner, List.of("write", "admin"), List.of());
        String id = given().get("/v1/keys").then().extract().path("find { it.owner == '" + owner + "' }.id");
        String c = collection(secret);
        search(secret, c, 200); // verified and remembered here

        // revoked as another replica does it: in the database, this replica's cache not told
        io.quarkus.narayana.jta.QuarkusTransaction.requiringNew()
                .run(() -> dev.docent.security.store.ApiKeyEntity.update(
                        "revokedAt = ?1 where id = ?2", java.time.Instant.now(), UUID.fromString(id)));
        search(secret, c, 200); // the documented window: reads go on for up to the cache's TTL

        // but it can no longer create a key or change who may do what, which would outlive the revocation
        given().header("Authorization", bearer(secret))
                .contentType(ContentType.JSON)
                .body(Map.of("owner", owner + "-heir", "scopes", List.of("admin"), "groups", List.of()))
                .post("/v1/keys")
                .then()
                .statusCode(401)
                .body("code", equalTo("unauthenticated"));
        given().header("Authorization", bearer(secret))
                .contentType(ContentType.JSON)
                .body(Map.of("principal", "user:" + owner + "-heir", "role", "admin"))
                .put("/v1/collections/{c}/members", c)
                .then()
                .statusCode(401);
        // nor create a collection, whose admin it would become
        given().header("Authorization", bearer(secret))
                .contentType(ContentType.JSON)
                .body(Map.of("name", "heir-" + owner))
                .post("/v1/collections")
                .then()
                .statusCode(401);
        // and the refusal drops it from this replica's cache
        search(secret, c, 401);
    }

    @Test
    void membershipChangesTakeEffectOnTheNextRequest() {
        String owner = "cache-" + UUID.randomUUID();
        String admin = key(owner, List.of("write"), List.of());
        String readerOwner = owner.replace("cache-", "reader-");
        String reader = key(readerOwner, List.of("read"), List.of("team-" + owner));
        String c = collection(admin);

        search(reader, c, 404); // no role yet: remembered as none
        member(admin, c, "user:" + readerOwner, "reader");
        search(reader, c, 200);
        search(reader, c, 200); // remembered as reader
        given().header("Authorization", bearer(admin))
                .delete("/v1/collections/{c}/members?principal=user:" + readerOwner, c)
                .then()
                .statusCode(204);
        search(reader, c, 404);
        member(admin, c, "group:team-" + owner, "reader"); // through a group this time
        search(reader, c, 200);
    }

    private static void member(String admin, String collection, String principal, String role) {
        given().header("Authorization", bearer(admin))
                .contentType(ContentType.JSON)
                .body(Map.of("principal", principal, "role", role))
                .put("/v1/collections/{c}/members", collection)
                .then()
                .statusCode(200);
    }
}
