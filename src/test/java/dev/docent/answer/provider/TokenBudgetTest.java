package dev.docent.answer.provider;

import static dev.docent.answer.provider.ProviderStubs.openAi;
import static dev.docent.answer.provider.ProviderStubs.openAiReply;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.docent.security.SecurityTest;
import dev.docent.testsupport.PostgresTestResource;
import dev.docent.testsupport.WireMockResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The daily LLM token budget per key: tokens are counted from the provider's reported usage; once a key has used
 * its budget its next answer is refused with 429 {@code token_budget_exhausted} and a Retry-After until midnight
 * UTC, while other keys keep answering.
 */
@QuarkusTest
@TestProfile(TokenBudgetTest.Budget.class)
@QuarkusTestResource(value = PostgresTestResource.class, restrictToAnnotatedClass = false)
class TokenBudgetTest {

    /** The providers profile with a budget of 200 tokens per key and day. */
    public static class Budget extends ProvidersProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            Map<String, String> c = new java.util.HashMap<>(super.getConfigOverrides());
            c.put("docent.security.daily-token-budget", "200");
            return c;
        }
    }

    WireMockServer wm = WireMockResource.server();

    @jakarta.inject.Inject
    dev.docent.security.service.ApiKeys keys;

    @jakarta.inject.Inject
    javax.sql.DataSource db;

    @Test
    void aKeyThatUsedItsBudgetIsRefusedUntilTomorrowAndOthersAreNot() {
        wm.resetAll();
        wm.stubFor(openAi().willReturn(openAiReply(ProviderFailoverTest.GOOD_REPLY, 120, 12))); // 132 tokens
        String key = SecurityTest.key("budget-user", List.of("write"), List.of());
        String other = SecurityTest.key("budget-other", List.of("write"), List.of());
        String c = collectionWithHandbook(key);
        given().header("Authorization", SecurityTest.bearer(key))
                .contentType(ContentType.JSON)
                .body(Map.of("principal", "user:budget-other", "role", "reader"))
                .put("/v1/collections/{c}/members", c)
                .then()
                .statusCode(200);

        assertThat(ask(key, c).statusCode()).isEqualTo(200); // 132 used
        Response second = ask(key, c); // 132 < 200: allowed, now 264
        assertThat(second.statusCode()).isEqualTo(200);
        assertThat(second.jsonPath().getString("answerer")).isEqualTo("openai");

        Response refused = ask(key, c);
        assertThat(refused.statusCode()).isEqualTo(429);
        assertThat(refused.jsonPath().getString("code")).isEqualTo("token_budget_exhausted");
        assertThat(Long.parseLong(refused.getHeader("Retry-After"))).isBetween(1L, 86_400L);

        assertThat(ask(other, c).statusCode()).isEqualTo(200);
    }

    @Test
    void aStreamTheClientAbandonsIsChargedItsPromptAndWhatItReceived() throws Exception {
        wm.resetAll();
        wm.stubFor(openAi().willReturn(ProviderStubs.openAiStream(
                        List.of(
                                "Employees get 25 vacation days per year [1]. ",
                                "Unused vacation days expire",
                                " at the end of March [1]."),
                        120,
                        12)
                .withChunkedDribbleDelay(40, 8000)));
        String key = SecurityTest.key("budget-leaver", List.of("write"), List.of());
        String c = collectionWithHandbook(key);
        String credential = keys.authenticate(key).orElseThrow().credential();

        StreamingAnswerTest.readFirstEventAndLeave(key, c);

        long deadline = System.currentTimeMillis() + 6000;
        long used = 0;
        while (used == 0 && System.currentTimeMillis() < deadline) {
            Thread.sleep(100);
            used = usedToday(credential);
        }
        // the provider never reported usage for the abandoned call: its prompt (about 190 tokens) is estimated
        assertThat(used).isGreaterThan(150);
    }

    private long usedToday(String credential) throws java.sql.SQLException {
        try (var conn = db.getConnection();
                var ps = conn.prepareStatement(
                        "SELECT coalesce(sum(tokens), 0) FROM token_usage WHERE credential = ?")) {
            ps.setString(1, credential);
            try (var rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /** A collection of {@code key}'s holding the handbook. */
    private static String collectionWithHandbook(String key) {
        String c = SecurityTest.collection(key);
        given().header("Authorization", SecurityTest.bearer(key))
                .multiPart("file", "handbook.txt", ProviderFailoverTest.HANDBOOK.getBytes(), "text/plain")
                .post("/v1/collections/{c}/documents?wait=true", c)
                .then()
                .statusCode(201);
        return c;
    }

    private static Response ask(String key, String collection) {
        return given().header("Authorization", SecurityTest.bearer(key))
                .contentType(ContentType.JSON)
                .body(Map.of("question", ProviderFailoverTest.QUESTION))
                .post("/v1/collections/{c}/answers", collection);
    }
}
