package dev.docent.security;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Per-key limits over HTTP: the query class runs out, 429 with Retry-After, other keys and classes unaffected. */
@QuarkusTest
@TestProfile(RateLimitTest.TightLimits.class)
class RateLimitTest {

    public static class TightLimits implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("docent.security.query-requests-per-minute", "3");
        }
    }

    @Test
    void theFourthSearchOfAMinuteIsRefusedWithRetryAfter() {
        String key = SecurityTest.key("frank", List.of("write"), List.of());
        String other = SecurityTest.key("grace", List.of("write"), List.of());
        String c = SecurityTest.collection(key);
        for (int i = 0; i < 3; i++) {
            search(key, c).then().statusCode(200);
        }
        Response limited = search(key, c);
        assertThat(limited.statusCode()).isEqualTo(429);
        assertThat(limited.jsonPath().getString("code")).isEqualTo("rate_limited");
        assertThat(Integer.parseInt(limited.getHeader("Retry-After"))).isBetween(1, 60);

        // reads are another class, and other keys have their own buckets
        given().header("Authorization", SecurityTest.bearer(key))
                .get("/v1/collections")
                .then()
                .statusCode(200);
        given().header("Authorization", SecurityTest.bearer(other))
                .get("/v1/collections")
                .then()
                .statusCode(200);
    }

    private static Response search(String key, String collection) {
        return given().header("Authorization", SecurityTest.bearer(key))
                .contentType(ContentType.JSON)
                .body(Map.of("query", "anything"))
                .post("/v1/collections/{c}/search", collection);
    }
}
