package dev.docent.ingest.embed;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.exactly;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static dev.docent.ingest.embed.EmbeddingStubs.axis;
import static dev.docent.ingest.embed.EmbeddingStubs.error;
import static dev.docent.ingest.embed.EmbeddingStubs.inputs;
import static dev.docent.ingest.embed.EmbeddingStubs.ollama;
import static dev.docent.ingest.embed.EmbeddingStubs.ollamaReply;
import static dev.docent.ingest.embed.EmbeddingStubs.openAi;
import static dev.docent.ingest.embed.EmbeddingStubs.openAiReply;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import dev.docent.shared.error.DocentException;
import dev.docent.shared.error.ErrorCode;
import dev.docent.testsupport.PostgresTestResource;
import dev.docent.testsupport.WireMockResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;
import jakarta.inject.Inject;
import java.util.List;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The remote embedders against WireMock speaking the real OpenAI and Ollama embedding APIs: exact request JSON,
 * batching, prefixes, retries on 429/5xx only, no retry on 400, timeouts, the breaker opening.
 */
@QuarkusTest
@TestProfile(EmbeddingProvidersProfile.class)
@QuarkusTestResource(value = PostgresTestResource.class, restrictToAnnotatedClass = false)
class RemoteEmbeddingProviderTest {
    @Inject
    EmbeddingModels models;

    @Inject
    CircuitBreakerMaintenance breakers;

    WireMockServer wm = WireMockResource.server();

    @BeforeEach
    void reset() {
        wm.resetAll();
        breakers.resetAll();
    }

    @Test
    void registryListsConfiguredRemoteModelsAndRejectsUnknownOnes() {
        assertThat(models.available())
                .contains(
                        "bge-small-en-v1.5-q",
                        "all-minilm-l6-v2-q",
                        EmbeddingProvidersProfile.OPENAI,
                        EmbeddingProvidersProfile.OLLAMA);
        assertThat(models.spec(EmbeddingProvidersProfile.OLLAMA).dimension()).isEqualTo(384);
        assertThatThrownBy(() -> models.forModel("openai:other"))
                .isInstanceOfSatisfying(
                        DocentException.class, e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.VALIDATION_FAILED));
        // a collection still on a model the settings no longer name: the server's problem, not a 400 for the client
        assertThatThrownBy(() -> models.forStoredModel("openai:other"))
                .isInstanceOfSatisfying(
                        DocentException.class, e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.UNAVAILABLE))
                .hasMessageContaining("not configured on this server");
    }

    @Test
    void openAiSendsBatchesWithTheExactRequestAndKeepsOrder() {
        wm.stubFor(inputs(openAi(), 2).willReturn(openAiReply(axis(0), axis(1))));
        wm.stubFor(inputs(openAi(), 1).willReturn(openAiReply(axis(2))));

        List<float[]> vectors =
                models.forModel(EmbeddingProvidersProfile.OPENAI).embedPassages(List.of("alpha", "beta", "gamma"));

        assertThat(vectors).hasSize(3);
        assertThat(vectors.get(0)[0]).isEqualTo(1f);
        assertThat(vectors.get(1)[1]).isEqualTo(1f);
        assertThat(vectors.get(2)[2]).isEqualTo(1f);
        wm.verify(
                exactly(1),
                postRequestedFor(urlEqualTo("/openai/v1/embeddings"))
                        .withHeader("Authorization", equalTo("Bearer sk-embed-test"))
                        .withRequestBody(
                                equalToJson(
                                        "{\"model\":\"text-embedding-test\",\"input\":[\"alpha\",\"beta\"],\"dimensions\":384}")));
        wm.verify(
                exactly(1),
                postRequestedFor(urlEqualTo("/openai/v1/embeddings"))
                        .withRequestBody(equalToJson(
                                "{\"model\":\"text-embedding-test\",\"input\":[\"gamma\"],\"dimensions\":384}")));
    }

    @Test
    void openAiVectorsArePlacedByTheirIndexNotByTheOrderTheyCame() {
        // a review's endpoint answered each batch in reverse order, indexes right: every vector went to the wrong chunk
        wm.stubFor(inputs(openAi(), 2).willReturn(openAiReply(new int[] {1, 0}, axis(1), axis(0))));

        List<float[]> vectors =
                models.forModel(EmbeddingProvidersProfile.OPENAI).embedPassages(List.of("alpha", "beta"));

        assertThat(vectors.get(0)[0]).isEqualTo(1f);
        assertThat(vectors.get(1)[1]).isEqualTo(1f);
    }

    @Test
    void aReplyWhoseIndexesOrValuesAreUnusableIsRefusedWithoutRetries() {
        Embedder openAi = models.forModel(EmbeddingProvidersProfile.OPENAI);
        wm.stubFor(inputs(openAi(), 2).willReturn(openAiReply(new int[] {0, 0}, axis(1), axis(0))));
        assertThatThrownBy(() -> openAi.embedPassages(List.of("alpha", "beta")))
                .hasMessageContaining("gave no usable answer")
                .hasMessageContaining("pairs its vectors with inputs 0");
        wm.stubFor(inputs(openAi(), 2).willReturn(openAiReply(new int[] {0, 101}, axis(1), axis(0))));
        assertThatThrownBy(() -> openAi.embedPassages(List.of("alpha", "beta"))).hasMessageContaining("inputs 101");
        wm.verify(exactly(2), postRequestedFor(urlEqualTo("/openai/v1/embeddings"))); // a bad reply is not retried

        wm.stubFor(ollama().willReturn(ollamaReply(new float[384])));
        assertThatThrownBy(
                        () -> models.forModel(EmbeddingProvidersProfile.OLLAMA).embedQuery("zero"))
                .hasMessageContaining("a vector of zeros");
        float[] overflow = axis(2);
        overflow[3] = Float.POSITIVE_INFINITY;
        wm.stubFor(ollama().willReturn(EmbeddingStubs.json("{\"model\":\"nomic-test\",\"embeddings\":["
                + EmbeddingStubs.array(axis(2)).replace("0.000000]", "1e+39]") + "]}")));
        assertThatThrownBy(
                        () -> models.forModel(EmbeddingProvidersProfile.OLLAMA).embedQuery("overflow"))
                .hasMessageContaining("not a finite number");
    }

    @Test
    void ollamaSendsTheExactRequestWithQueryAndPassagePrefixes() {
        wm.stubFor(inputs(ollama(), 2).willReturn(ollamaReply(axis(3), axis(4))));
        wm.stubFor(inputs(ollama(), 1).willReturn(ollamaReply(axis(5))));
        Embedder embedder = models.forModel(EmbeddingProvidersProfile.OLLAMA);

        float[] query = embedder.embedQuery("what is nomic?");
        List<float[]> passages = embedder.embedPassages(List.of("one", "two"));

        assertThat(query[5]).isEqualTo(1f);
        assertThat(passages.get(1)[4]).isEqualTo(1f);
        wm.verify(
                exactly(1),
                postRequestedFor(urlEqualTo("/ollama/api/embed"))
                        .withRequestBody(equalToJson(
                                "{\"model\":\"nomic-test\",\"input\":[\"search_query: what is nomic?\"]}")));
        wm.verify(
                exactly(1),
                postRequestedFor(urlEqualTo("/ollama/api/embed"))
                        .withRequestBody(equalToJson("{\"model\":\"nomic-test\",\"input\":[\"search_document: one\","
                                + "\"search_document: two\"]}")));
    }

    @Test
    void retriesRateLimitsAndServerErrors() {
        wm.stubFor(openAi().inScenario("flaky")
                .whenScenarioStateIs(Scenario.STARTED)
                .willReturn(error(429, "{\"error\":{\"message\":\"Rate limit reached\",\"type\":\"rate_limit\"}}"))
                .willSetStateTo("second"));
        wm.stubFor(openAi().inScenario("flaky")
                .whenScenarioStateIs("second")
                .willReturn(error(500, "{\"error\":{\"message\":\"boom\",\"type\":\"server_error\"}}"))
                .willSetStateTo("third"));
        wm.stubFor(openAi().inScenario("flaky").whenScenarioStateIs("third").willReturn(openAiReply(axis(7))));

        float[] v = models.forModel(EmbeddingProvidersProfile.OPENAI).embedQuery("retry me");

        assertThat(v[7]).isEqualTo(1f);
        wm.verify(exactly(3), postRequestedFor(urlEqualTo("/openai/v1/embeddings")));
    }

    @Test
    void aDroppedConnectionIsRetriedAndARefusedRequestSaysSo() {
        // a restarted Ollama or a load balancer's reset failed searches at once, without a retry
        wm.stubFor(openAi().inScenario("reset")
                .whenScenarioStateIs(Scenario.STARTED)
                .willReturn(com.github.tomakehurst.wiremock.client.WireMock.aResponse()
                        .withFault(com.github.tomakehurst.wiremock.http.Fault.CONNECTION_RESET_BY_PEER))
                .willSetStateTo("back"));
        wm.stubFor(openAi().inScenario("reset").whenScenarioStateIs("back").willReturn(openAiReply(axis(4))));
        assertThat(models.forModel(EmbeddingProvidersProfile.OPENAI).embedQuery("reset")[4])
                .isEqualTo(1f);
        wm.verify(exactly(2), postRequestedFor(urlEqualTo("/openai/v1/embeddings")));

        // a wrong key is no outage: "try again later" sent operators waiting for nothing
        wm.stubFor(openAi().willReturn(error(401, "{\"error\":{\"message\":\"Incorrect API key\"}}")));
        assertThatThrownBy(
                        () -> models.forModel(EmbeddingProvidersProfile.OPENAI).embedQuery("key"))
                .hasMessageContaining("refused the request (HTTP 401)")
                .hasMessageNotContaining("try again later");
    }

    @Test
    void doesNotRetryAClientError() {
        wm.stubFor(ollama().willReturn(error(400, "{\"error\":\"input too long\"}")));

        assertThatThrownBy(
                        () -> models.forModel(EmbeddingProvidersProfile.OLLAMA).embedQuery("bad"))
                .isInstanceOfSatisfying(
                        DocentException.class, e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.UNAVAILABLE));
        wm.verify(exactly(1), postRequestedFor(urlEqualTo("/ollama/api/embed")));
    }

    @Test
    void timesOutAndRetriesASlowEndpoint() {
        wm.stubFor(
                ollama().willReturn(ollamaReply(axis(1)).withFixedDelay(EmbeddingProvidersProfile.TIMEOUT_MS + 1000)));

        long t0 = System.nanoTime();
        assertThatThrownBy(
                        () -> models.forModel(EmbeddingProvidersProfile.OLLAMA).embedPassages(List.of("slow")))
                .isInstanceOf(DocentException.class)
                .hasRootCauseInstanceOf(org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException.class);
        long millis = (System.nanoTime() - t0) / 1_000_000;

        // ingestion: three attempts, each cut at the fault-tolerance timeout rather than waiting for the reply
        assertThat(millis).isLessThan(3L * (EmbeddingProvidersProfile.TIMEOUT_MS + 1000));
        wm.verify(exactly(3), postRequestedFor(urlEqualTo("/ollama/api/embed")));

        // a search's query is not retried after a timeout: the person waiting would wait each time again
        wm.resetRequests();
        assertThatThrownBy(
                        () -> models.forModel(EmbeddingProvidersProfile.OLLAMA).embedQuery("slow"))
                .isInstanceOf(DocentException.class);
        wm.verify(exactly(1), postRequestedFor(urlEqualTo("/ollama/api/embed")));
    }

    @Test
    void passagesTheEndpointCannotEmbedDoNotOpenTheBreakerOfSearches() {
        // one document the endpoint answered with 500s opened the breaker searches shared: they got 503 for 30 s
        wm.stubFor(openAi().withRequestBody(matchingJsonPath("$.input[0]", equalTo("poison")))
                .willReturn(error(500, "{\"error\":{\"message\":\"boom\"}}")));
        wm.stubFor(openAi().withRequestBody(matchingJsonPath("$.input[0]", equalTo("query")))
                .willReturn(openAiReply(axis(9))));
        Embedder embedder = models.forModel(EmbeddingProvidersProfile.OPENAI);
        for (int i = 0; i < 3; i++) {
            assertThatThrownBy(() -> embedder.embedPassages(List.of("poison"))).isInstanceOf(DocentException.class);
        }
        assertThatThrownBy(() -> embedder.embedPassages(List.of("poison")))
                .hasCauseInstanceOf(CircuitBreakerOpenException.class);

        assertThat(embedder.embedQuery("query")[9]).isEqualTo(1f);
    }

    @Test
    void breakerOpensAfterRepeatedFailuresAndStopsCalling() {
        wm.stubFor(openAi().willReturn(error(503, "{\"error\":{\"message\":\"overloaded\"}}")));
        Embedder embedder = models.forModel(EmbeddingProvidersProfile.OPENAI);

        for (int i = 0; i < 2; i++) {
            assertThatThrownBy(() -> embedder.embedQuery("down")).isInstanceOf(DocentException.class);
        }
        int calls = wm.findAll(postRequestedFor(urlEqualTo("/openai/v1/embeddings")))
                .size();
        assertThat(calls).isEqualTo(EmbeddingProvidersProfile.BREAKER_VOLUME);

        assertThatThrownBy(() -> embedder.embedQuery("down"))
                .isInstanceOf(DocentException.class)
                .hasCauseInstanceOf(CircuitBreakerOpenException.class);
        assertThat(wm.findAll(postRequestedFor(urlEqualTo("/openai/v1/embeddings"))))
                .hasSize(calls);
    }

    @Test
    void rejectsVectorsOfTheWrongDimension() {
        wm.stubFor(ollama().willReturn(ollamaReply(new float[] {1f, 0f, 0f})));

        assertThatThrownBy(
                        () -> models.forModel(EmbeddingProvidersProfile.OLLAMA).embedQuery("short"))
                .isInstanceOfSatisfying(
                        DocentException.class, e -> assertThat(e.getMessage()).contains("returned 3 dimensions"));
    }
}
