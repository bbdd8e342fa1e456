package dev.docent.answer.provider;

import dev.docent.answer.config.AnswerConfig;
import dev.langchain4j.http.client.jdk.JdkHttpClientBuilder;
import dev.langchain4j.model.anthropic.AnthropicChatModel;
import dev.langchain4j.model.anthropic.AnthropicStreamingChatModel;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import dev.langchain4j.model.ollama.OllamaChatModel;
import dev.langchain4j.model.ollama.OllamaStreamingChatModel;
import dev.langchain4j.model.openai.OpenAiChatModel;
import dev.langchain4j.model.openai.OpenAiStreamingChatModel;

/**
 * The raw LangChain4j models of one provider, package-private: only the provider beans (which own fault
 * tolerance) call them. LangChain4j's own retries are off; SmallRye Fault Tolerance retries.
 */
final class ProviderModels {
    private final ChatModel chat;
    private final StreamingChatModel streaming;
    private final Pricing pricing;
    private final ChatProvider.StreamLimits streamLimits;
    private final ProviderCooldown cooldown;

    private ProviderModels(
            ChatModel chat, StreamingChatModel streaming, ProviderCooldown cooldown, AnswerConfig.Llm config) {
        this.chat = chat;
        this.streaming = streaming;
        this.cooldown = cooldown;
        this.pricing = new Pricing(config.inputPricePerMillion(), config.outputPricePerMillion());
        this.streamLimits = new ChatProvider.StreamLimits(config.streamIdleTimeout(), config.streamMaxDuration());
    }

    ChatProvider.StreamLimits streamLimits() {
        return streamLimits;
    }

    ProviderReply chat(ChatRequest request) {
        cooldown.check(true);
        try {
            return ProviderReply.of(chat.chat(request));
        } catch (RuntimeException e) {
            throw cooldown.after(e);
        }
    }

    ChatProvider.Call stream(ChatRequest request, StreamingChatResponseHandler handler) {
        ProviderHttpClient.Exchange exchange = new ProviderHttpClient.Exchange();
        try {
            cooldown.check(false);
        } catch (ProviderCoolingDown e) {
            handler.onError(e);
            return exchange;
        }
        // LangChain4j sends the request from this thread: the client records its exchange for cancelling
        ProviderHttpClient.recordingInto(exchange, () -> streaming.chat(request, handler));
        return exchange;
    }

    /** LangChain4j's JDK HTTP client, reporting a reply's {@code Retry-After} to the provider's cool-down. */
    private static JdkHttpClientBuilder http(ProviderCooldown cooldown) {
        return new JdkHttpClientBuilder().httpClientBuilder(ProviderHttpClient.builder(cooldown::heard));
    }

    private static ProviderCooldown cooldown(String provider, AnswerConfig.Llm c) {
        return new ProviderCooldown(provider, c.retryAfterMaxWait());
    }

    ProviderCooldown cooldown() {
        return cooldown;
    }

    Pricing pricing() {
        return pricing;
    }

    static ProviderModels openAi(AnswerConfig.OpenAi c) {
        String key = c.apiKey().orElse("unused");
        ProviderCooldown cooldown = cooldown("openai", c);
        return new ProviderModels(
                OpenAiChatModel.builder()
                        .baseUrl(c.baseUrl())
                        .apiKey(key)
                        .modelName(c.model())
                        .temperature(c.temperature())
                        .maxTokens(c.maxTokens())
                        .timeout(c.httpTimeout())
                        .maxRetries(0)
                        .httpClientBuilder(http(cooldown))
                        .build(),
                OpenAiStreamingChatModel.builder()
                        .baseUrl(c.baseUrl())
                        .apiKey(key)
                        .modelName(c.model())
                        .temperature(c.temperature())
                        .maxTokens(c.maxTokens())
                        .timeout(c.httpTimeout())
                        .httpClientBuilder(http(cooldown))
                        .build(),
                cooldown,
                c);
    }

    static ProviderModels ollama(AnswerConfig.Ollama c) {
        ProviderCooldown cooldown = cooldown("ollama", c);
        return new ProviderModels(
                OllamaChatModel.builder()
                        .baseUrl(c.baseUrl())
                        .modelName(c.model())
                        .temperature(c.temperature())
                        .numPredict(c.maxTokens())
                        .numCtx(c.numCtx())
                        .timeout(c.httpTimeout())
                        .maxRetries(0)
                        .httpClientBuilder(http(cooldown))
                        .build(),
                OllamaStreamingChatModel.builder()
                        .baseUrl(c.baseUrl())
                        .modelName(c.model())
                        .temperature(c.temperature())
                        .numPredict(c.maxTokens())
                        .numCtx(c.numCtx())
                        .timeout(c.httpTimeout())
                        .httpClientBuilder(http(cooldown))
                        .build(),
                cooldown,
                c);
    }

    static ProviderModels anthropic(AnswerConfig.Anthropic c) {
        String key = c.apiKey().orElse("unused");
        ProviderCooldown cooldown = cooldown("anthropic", c);
        return new ProviderModels(
                AnthropicChatModel.builder()
                        .baseUrl(c.baseUrl())
                        .apiKey(key)
                        .modelName(c.model())
                        .temperature(c.temperature())
                        .maxTokens(c.maxTokens())
                        .timeout(c.httpTimeout())
                        .maxRetries(0)
                        .httpClientBuilder(http(cooldown))
                        .build(),
                AnthropicStreamingChatModel.builder()
                        .baseUrl(c.baseUrl())
                        .apiKey(key)
                        .modelName(c.model())
                        .temperature(c.temperature())
                        .maxTokens(c.maxTokens())
                        .timeout(c.httpTimeout())
                        .httpClientBuilder(http(cooldown))
                        .build(),
                cooldown,
                c);
    }
}
