package dev.docent.ops;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The service with its database unreachable (a port where nothing listens): API calls get 503 {@code unavailable}
 * with {@code Retry-After} instead of 500, readiness is DOWN, liveness stays UP (no restart loop).
 */
@QuarkusTest
@TestProfile(DatabaseOutageTest.NoDatabase.class)
@Tag("own-jvm") // a second Quarkus application: runs in its own JVM (surefire execution own-jvm-tests)
class DatabaseOutageTest {

    @Test
    void apiCallsGet503UnavailableWithRetryAfter() {
        given().get("/v1/collections")
                .then()
                .statusCode(503)
                .contentType("application/problem+json")
                .header("Retry-After", "5")
                .body("code", equalTo("unavailable"))
                .body("status", equalTo(503))
                .body("detail", not(containsString("Exception")));
        given().contentType("application/json")
                .body("{\"name\":\"during-outage\"}")
                .post("/v1/collections")
                .then()
                .statusCode(503)
                .header("Retry-After", "5")
                .body("code", equalTo("unavailable"));
    }

    @Test
    void readinessIsDownButLivenessIsUp() {
        given().get("/q/health/ready").then().statusCode(503).body("status", equalTo("DOWN"));
        given().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
    }

    /** Points the datasource at a closed port; no migration or schema validation at startup. */
    public static class NoDatabase implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "quarkus.datasource.jdbc.url", "jdbc:postgresql://127.0.0.1:" + closedPort() + "/docent",
                    "quarkus.datasource.username", "docent",
                    "quarkus.datasource.password", "docent",
                    "quarkus.datasource.jdbc.acquisition-timeout", "2S",
                    "quarkus.flyway.migrate-at-start", "false",
                    "quarkus.hibernate-orm.schema-management.strategy", "none");
        }

        @Override
        public boolean disableGlobalTestResources() {
            return true;
        }

        private static int closedPort() {
            try (ServerSocket s = new ServerSocket(0)) {
                return s.getLocalPort();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
