package dev.docent.ingest.embed;

import dev.docent.testsupport.WireMockResource;
import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Both remote embedding endpoints configured against WireMock (384 dimensions, batches of 2), fault-tolerance numbers
 * shrunk so timeouts, retries and the breaker happen within a test, and one attempt per queue item so a failed
 * re-embedding fails at once. Shared by the provider and re-embedding tests (one application start).
 */
public class EmbeddingProvidersProfile implements QuarkusTestProfile {
    public static final String OPENAI = "openai:text-embedding-test";
    public static final String OLLAMA = "ollama:nomic-test";
    public static final int TIMEOUT_MS = 1500;
    public static final int BREAKER_VOLUME = 4;

    @Override
    public Map<String, String> getConfigOverrides() {
        Map<String, String> c = new HashMap<>();
        c.put("docent.embedding.openai.model", "text-embedding-test");
        c.put("docent.embedding.openai.dimensions", "384");
        c.put("docent.embedding.openai.batch-size", "2");
        c.put("docent.embedding.ollama.model", "nomic-test");
        c.put("docent.embedding.ollama.dimensions", "384");
        c.put("docent.embedding.ollama.batch-size", "2");
        c.put("docent.embedding.ollama.query-prefix", "search_query: ");
        c.put("docent.embedding.ollama.passage-prefix", "search_document: ");
        c.put("docent.ingest.queue.embed-batch", "2");
        c.put("docent.ingest.queue.max-attempts", "1");
        c.put("docent.ingest.queue.outage-backoff", "PT0.5S");
        for (String p : List.of(
                "OpenAiEmbeddingProvider/embed",
                "OllamaEmbeddingProvider/embed",
                "OpenAiEmbeddingProvider/embedQuery",
                "OllamaEmbeddingProvider/embedQuery")) {
            String k = "quarkus.fault-tolerance.\"dev.docent.ingest.embed." + p + "\".";
            c.put(k + "timeout.value", Integer.toString(TIMEOUT_MS));
            c.put(k + "retry.max-retries", "2");
            c.put(k + "retry.delay", "10");
            c.put(k + "retry.jitter", "0");
            c.put(k + "circuit-breaker.request-volume-threshold", Integer.toString(BREAKER_VOLUME));
            c.put(k + "circuit-breaker.failure-ratio", "0.5");
            c.put(k + "circuit-breaker.delay", "60000");
            c.put(k + "circuit-breaker.success-threshold", "1");
        }
        return c;
    }

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(WireMockResource.class));
    }
}
