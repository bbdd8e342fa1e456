package dev.docent.answer.provider;

import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;

/**
 * Port: one LLM provider. Adapters own the raw LangChain4j models and the fault tolerance of {@link #chat}
 * (timeout, retry on retriable errors only, circuit breaker; numbers in config).
 */
public interface ChatProvider {

    /** The name used in {@code docent.answer.providers} and reported as the answerer. */
    String name();

    /** One blocking call. Throws LangChain4j exceptions or SmallRye Fault Tolerance ones. */
    ProviderReply chat(ChatRequest request);

    /**
     * One streaming call; {@code handler} gets the tokens, then the full response or an error. The returned call
     * can be cancelled at any time, before the first token too (LangChain4j's own handle comes with the first one).
     */
    Call stream(ChatRequest request, StreamingChatResponseHandler handler);

    /** A streaming call in flight. */
    interface Call {
        /** Closes the call's connection, wherever it is: waiting for the reply's headers or reading its body. */
        void cancel();
    }

    /** Prices per 1M tokens for the cost estimate. */
    Pricing pricing();

    /** How long a stream may wait for a token, and last in all, before it is abandoned. */
    StreamLimits streamLimits();

    /** {@link #streamLimits}. */
    record StreamLimits(java.time.Duration idle, java.time.Duration total) {}
}
