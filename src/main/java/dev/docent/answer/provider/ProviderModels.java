package dev.docent.answer.provider;

import dev.docent.answer.config.AnswerConfig;
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

    private ProviderModels(ChatModel chat, StreamingChatModel streaming, AnswerConfig.Llm config) {
        this.chat = chat;
        this.streaming = streaming;
        this.pricing = new Pricing(config.inputPricePerMillion(), config.outputPricePerMillion());
        this.streamLimits = new ChatProvider.StreamLimits(config.streamIdleTimeout(), config.streamMaxDuration());
    }

    ChatProvider.StreamLimits streamLimits() {
        return streamLimits;
    }

    ProviderReply chat(ChatRequest request) {
        return ProviderReply.of(chat.chat(request));
    }

    void stream(ChatRequest request, StreamingChatResponseHandler handler) {
        streaming.chat(request, handler);
    }

    Pricing pricing() {
        return pricing;
    }

    static ProviderModels openAi(AnswerConfig.OpenAi c) {
        String key = c.apiKey().orElse("unused");
        return new ProviderModels(
                OpenAiChatModel.builder()
                        .baseUrl(c.baseUrl())
                        .apiKey(key)
                        .modelName(c.model())
                        .temperature(c.temperature())
                        .maxTokens(c.maxTokens())
                        .timeout(c.httpTimeout())
                        .maxRetries(0)
                        .build(),
                OpenAiStreamingChatModel.builder()
                        .baseUrl(c.baseUrl())
                        .apiKey(key)
                        .modelName(c.model())
                        .temperature(c.temperature())
                        .maxTokens(c.maxTokens())
                        .timeout(c.httpTimeout())
                        .build(),
                c);
    }

    static ProviderModels ollama(AnswerConfig.Ollama c) {
        return new ProviderModels(
                OllamaChatModel.builder()
                        .baseUrl(c.baseUrl())
                        .modelName(c.model())
                        .temperature(c.temperature())
                        .numPredict(c.maxTokens())
                        .numCtx(c.numCtx())
                        .timeout(c.httpTimeout())
                        .maxRetries(0)
                        .build(),
                OllamaStreamingChatModel.builder()
                        .baseUrl(c.baseUrl())
                        .modelName(c.model())
                        .temperature(c.temperature())
                        .numPredict(c.maxTokens())
                        .numCtx(c.numCtx())
                        .timeout(c.httpTimeout())
                        .build(),
                c);
    }

    static ProviderModels anthropic(AnswerConfig.Anthropic c) {
        String key = c.apiKey().orElse("unused");
        return new ProviderModels(
                AnthropicChatModel.builder()
                        .baseUrl(c.baseUrl())
                        .apiKey(key)
                        .modelName(c.model())
                        .temperature(c.temperature())
                        .maxTokens(c.maxTokens())
                        .timeout(c.httpTimeout())
                        .maxRetries(0)
                        .build(),
                AnthropicStreamingChatModel.builder()
                        .baseUrl(c.baseUrl())
                        .apiKey(key)
                        .modelName(c.model())
                        .temperature(c.temperature())
                        .maxTokens(c.maxTokens())
                        .timeout(c.httpTimeout())
                        .build(),
                c);
    }
}
