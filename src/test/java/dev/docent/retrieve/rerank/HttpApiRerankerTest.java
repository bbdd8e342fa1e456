package dev.docent.retrieve.rerank;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.exactly;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import dev.docent.retrieve.RerankerContract;
import dev.docent.retrieve.service.Candidate;
import dev.docent.retrieve.service.Reranker;
import dev.docent.testsupport.PostgresTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The rerank HTTP API adapter against WireMock speaking the Cohere/Jina rerank API. */
@QuarkusTest
@QuarkusTestResource(value = PostgresTestResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = HttpApiRerankerTest.RerankApi.class, restrictToAnnotatedClass = false)
class HttpApiRerankerTest extends RerankerContract {
    static WireMockServer server;

    /** Starts WireMock and points the adapter at it. */
    public static class RerankApi implements QuarkusTestResourceLifecycleManager {
        @Override
        public Map<String, String> start() {
            server = new WireMockServer(WireMockConfiguration.options().dynamicPort());
            server.start();
            return Map.of(
                    "docent.retrieve.rerank.http.base-url",
                    server.baseUrl(),
                    "docent.retrieve.rerank.http.model",
                    "rerank-test-v1",
                    "docent.retrieve.rerank.http.api-key",
                    "secret-key",
                    "docent.retrieve.rerank.http.request-timeout",
                    "PT0.5S",
                    "dev.docent.retrieve.rerank.HttpApiReranker/rerank/Retry/delay",
                    "0");
        }

        @Override
        public void stop() {
            server.stop();
        }
    }

    static final String REQUEST = """
            {"model": "rerank-test-v1",
             "query": "how do vaccines train the immune system",
             "documents": ["The goalkeeper saved a penalty in the final minute.",
                           "Sourdough needs a lively starter.",
                           "Vaccines train the immune system to recognise a pathogen before infection.",
                           "Wind turbines turn moving air into electricity.",
                           "The immune system remembers pathogens after an infection."],
             "top_n": 5}
            """;
    static final String RESPONSE = """
            {"id": "r1", "results": [
              {"index": 2, "relevance_score": 0.97},
              {"index": 4, "relevance_score": 0.61},
              {"index": 0, "relevance_score": 0.02},
              {"index": 3, "relevance_score": 0.01},
              {"index": 1, "relevance_score": 0.005}],
             "meta": {"billed_units": {"search_units": 1}}}
            """;

    @Inject
    HttpApiReranker http;

    @Override
    protected Reranker reranker() {
        return http;
    }

    @Inject
    CircuitBreakerMaintenance breakers;

    @BeforeEach
    void stub() {
        breakers.resetAll();
        server.resetAll();
        server.stubFor(post(urlEqualTo("/v1/rerank"))
                .withHeader("Authorization", equalTo("Bearer secret-key"))
                .withRequestBody(equalToJson(REQUEST))
                .willReturn(aResponse()
                        .withHeader("Content-Type", "application/json")
                        .withBody(RESPONSE)));
    }

    @Test
    void sendsTheExactRequestAndOrdersByRelevanceScore() {
        List<Candidate> out = http.rerank(QUERY, candidates());
        assertThat(out).extracting(c -> c.chunk().chunkId()).containsExactly(102L, 104L, 100L, 103L, 101L);
        assertThat(out.get(0).score()).isEqualTo(0.97);
        server.verify(exactly(1), postRequestedFor(urlEqualTo("/v1/rerank")).withRequestBody(equalToJson(REQUEST)));
    }

    @Test
    void retriesA503ThenSucceeds() {
        server.resetAll();
        server.stubFor(post(urlEqualTo("/v1/rerank"))
                .inScenario("flaky")
                .whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(503))
                .willSetStateTo("recovered"));
        server.stubFor(post(urlEqualTo("/v1/rerank"))
                .inScenario("flaky")
                .whenScenarioStateIs("recovered")
                .willReturn(aResponse()
                        .withHeader("Content-Type", "application/json")
                        .withBody(RESPONSE)));
        assertThat(http.rerank(QUERY, candidates()).get(0).chunk().chunkId()).isEqualTo(102L);
        server.verify(exactly(2), postRequestedFor(urlEqualTo("/v1/rerank")));
    }

    @Test
    void malformedResponseFallsBackToTheFusedOrderWithoutRetrying() {
        server.resetAll();
        server.stubFor(post(urlEqualTo("/v1/rerank"))
                .willReturn(aResponse()
                        .withHeader("Content-Type", "application/json")
                        .withBody("{\"oops\": 1}")));
        List<Candidate> in = candidates();
        assertThat(http.rerank(QUERY, in)).containsExactlyElementsOf(in);
        server.verify(exactly(1), postRequestedFor(urlEqualTo("/v1/rerank")));
    }

    @Test
    void anEmptyPartialOrRepeatedRankingFallsBackToTheFusedOrder() {
        // the missing documents were scored minus infinity: an empty reply ranked the candidates oldest chunk first
        List<Candidate> in = candidates();
        for (String results : List.of(
                "[]",
                "[{\"index\":2,\"relevance_score\":0.9}]",
                "[{\"index\":0,\"relevance_score\":0.9},{\"index\":0,\"relevance_score\":0.8},"
                        + "{\"index\":1,\"relevance_score\":0.7},{\"index\":2,\"relevance_score\":0.6},"
                        + "{\"index\":3,\"relevance_score\":0.5}]")) {
            server.resetAll();
            server.stubFor(post(urlEqualTo("/v1/rerank"))
                    .willReturn(aResponse()
                            .withHeader("Content-Type", "application/json")
                            .withBody("{\"results\":" + results + "}")));
            // the very list given back: the port's sign that it did not rerank (the search says rerank.applied false)
            assertThat(http.rerank(QUERY, in)).as(results).isSameAs(in);
        }
    }

    @Test
    void slowApiTimesOutIsRetriedThenFallsBack() {
        server.resetAll();
        server.stubFor(post(urlEqualTo("/v1/rerank"))
                .willReturn(aResponse().withFixedDelay(1000).withBody(RESPONSE)));
        List<Candidate> in = candidates();
        assertThat(http.rerank(QUERY, in)).containsExactlyElementsOf(in);
        server.verify(exactly(3), postRequestedFor(urlEqualTo("/v1/rerank")));
    }

    @Test
    void breakerOpensAfterRepeatedFailuresAndStopsCallingTheApi() {
        server.resetAll();
        server.stubFor(post(urlEqualTo("/v1/rerank")).willReturn(aResponse().withStatus(500)));
        List<Candidate> in = candidates();
        for (int i = 0; i < 6; i++) {
            assertThat(http.rerank(QUERY, in)).containsExactlyElementsOf(in);
        }
        int calls = server.countRequestsMatching(
                        postRequestedFor(urlEqualTo("/v1/rerank")).build())
                .getCount();
        assertThat(http.rerank(QUERY, in)).containsExactlyElementsOf(in);
        assertThat(server.countRequestsMatching(
                                postRequestedFor(urlEqualTo("/v1/rerank")).build())
                        .getCount())
                .isEqualTo(calls);
    }
}
