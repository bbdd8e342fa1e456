package dev.docent.answer.provider;

import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import java.util.function.Supplier;

/**
 * What the provider beans share: the provider's LangChain4j models, built on first use (so an unconfigured
 * provider costs nothing), streaming and pricing. Each subclass is one bean that owns the fault tolerance of its
 * {@code chat} call, because SmallRye Fault Tolerance is configured per bean class and method.
 */
abstract class LazyProviderModels implements ChatProvider {
    private final String name;
    private final Supplier<ProviderModels> factory;
    private volatile ProviderModels models;

    /** For the client proxy only. */
    LazyProviderModels() {
        this(null, null);
    }

    LazyProviderModels(String name, Supplier<ProviderModels> factory) {
        this.name = name;
        this.factory = factory;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Call stream(ChatRequest request, StreamingChatResponseHandler handler) {
        return models().stream(request, handler);
    }

    @Override
    public Pricing pricing() {
        return models().pricing();
    }

    @Override
    public StreamLimits streamLimits() {
        return models().streamLimits();
    }

    /** Forgets a {@code Retry-After} the provider sent (tests, like the breakers' reset). */
    void forgetCooldown() {
        models().cooldown().forget();
    }

    ProviderModels models() {
        ProviderModels m = models;
        if (m == null) {
            synchronized (this) {
                if (models == null) {
                    models = factory.get();
                }
                m = models;
            }
        }
        return m;
    }
}
