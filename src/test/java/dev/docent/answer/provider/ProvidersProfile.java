package dev.docent.answer.provider;

import dev.docent.testsupport.WireMockResource;
import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * All three providers in failover order (openai, ollama, anthropic) against WireMock, with fault-tolerance
 * numbers shrunk so timeouts, retries and the breaker's half-open state happen within a test.
 */
public class ProvidersProfile implements QuarkusTestProfile {
    public static final int TIMEOUT_MS = 1500;
    public static final int BREAKER_DELAY_MS = 1500;
    public static final int BREAKER_VOLUME = 4;
    public static final int STREAM_IDLE_MS = 5000;

    @Override
    public Map<String, String> getConfigOverrides() {
        Map<String, String> c = new HashMap<>();
        c.put("docent.answer.providers", "openai,ollama,anthropic");
        c.put("docent.answer.openai.model", "gpt-test");
        c.put("docent.answer.openai.input-price-per-million", "2.0");
        c.put("docent.answer.openai.output-price-per-million", "8.0");
        c.put("docent.answer.ollama.model", "llama-test");
        c.put("docent.answer.anthropic.model", "claude-test");
        c.put("docent.answer.anthropic.input-price-per-million", "1.0");
        c.put("docent.answer.anthropic.output-price-per-million", "5.0");
        for (String p : List.of("openai", "ollama", "anthropic")) {
            c.put("docent.answer." + p + ".stream-idle-timeout", "PT" + STREAM_IDLE_MS / 1000.0 + "S");
        }
        for (String p : List.of("OpenAiChatProvider", "OllamaChatProvider", "AnthropicChatProvider")) {
            String k = "quarkus.fault-tolerance.\"dev.docent.answer.provider." + p + "/chat\".";
            c.put(k + "timeout.value", Integer.toString(TIMEOUT_MS));
            c.put(k + "retry.max-retries", "2");
            c.put(k + "retry.delay", "10");
            c.put(k + "retry.jitter", "0");
            c.put(k + "circuit-breaker.request-volume-threshold", Integer.toString(BREAKER_VOLUME));
            c.put(k + "circuit-breaker.failure-ratio", "0.5");
            c.put(k + "circuit-breaker.delay", Integer.toString(BREAKER_DELAY_MS));
            c.put(k + "circuit-breaker.success-threshold", "1");
        }
        return c;
    }

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(WireMockResource.class));
    }
}
