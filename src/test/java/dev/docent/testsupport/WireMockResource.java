package dev.docent.testsupport;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/**
 * An in-process WireMock server on a random port standing in for the LLM and embedding providers' HTTP APIs; the
 * providers' base URLs point at it ({@code /openai/v1}, {@code /ollama}, {@code /anthropic/v1}).
 */
public class WireMockResource implements QuarkusTestResourceLifecycleManager {
    private static WireMockServer server;

    public static WireMockServer server() {
        return server;
    }

    @Override
    public Map<String, String> start() {
        if (server == null) {
            server = new WireMockServer(options().dynamicPort());
            server.start();
        }
        String base = "http://localhost:" + server.port();
        return Map.of(
                "docent.answer.openai.base-url", base + "/openai/v1",
                "docent.answer.openai.api-key", "sk-test",
                "docent.answer.ollama.base-url", base + "/ollama",
                "docent.answer.anthropic.base-url", base + "/anthropic/v1",
                "docent.answer.anthropic.api-key", "anthropic-test",
                "docent.embedding.openai.base-url", base + "/openai/v1",
                "docent.embedding.openai.api-key", "sk-embed-test",
                "docent.embedding.ollama.base-url", base + "/ollama");
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop();
            server = null;
        }
    }
}
