package dev.docent.answer.provider;

import dev.docent.testsupport.WireMockResource;
import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/** What one provider test leaves behind for the next: WireMock's stubs, the breakers, the Retry-After cool-downs. */
@ApplicationScoped
public class ProviderState {
    private final CircuitBreakerMaintenance breakers;
    private final List<LazyProviderModels> providers;

    ProviderState(
            CircuitBreakerMaintenance breakers,
            OpenAiChatProvider openAi,
            OllamaChatProvider ollama,
            AnthropicChatProvider anthropic) {
        this.breakers = breakers;
        this.providers = List.of(openAi, ollama, anthropic);
    }

    public void reset() {
        WireMockResource.server().resetAll();
        breakers.resetAll();
        providers.forEach(LazyProviderModels::forgetCooldown);
    }
}
