package dev.docent.answer.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Answer settings (prefix {@code docent.answer}). Fault-tolerance numbers of each provider (timeout, retries,
 * circuit breaker) are SmallRye Fault Tolerance keys in application.properties, e.g.
 * {@code quarkus.fault-tolerance."dev.docent.answer.provider.OpenAiChatProvider/chat".timeout.value}.
 */
@ConfigMapping(prefix = "docent.answer")
public interface AnswerConfig {

    /**
     * Least share of the question's weighted content words a sentence must cover for the extractive answerer
     * to answer; below it the answer is {@code grounded: false}. Calibrated on SQuAD 2.0 dev (half A): 0.55 is
     * where abstention precision and recall on unanswerable questions meet (see docs/answers.md).
     */
    @WithDefault("0.55")
    double minSupport();

    /** Most sentences the extractive answerer quotes. */
    @WithDefault("3")
    int maxSentences();

    /**
     * LLM providers to try, in order ({@code openai}, {@code ollama}, {@code anthropic}); the extractive
     * answerer is always the last resort. {@code extractive} alone (the default) means no LLM.
     */
    @WithDefault("extractive")
    List<String> providers();

    /**
     * Least share of an LLM claim's content words a passage span must cover for the claim to count as supported
     * by it (numbers in the claim must all occur in the span); unsupported claims are re-anchored to another
     * passage or dropped.
     */
    @WithDefault("0.7")
    double claimSupport();

    /** OpenAI-compatible chat completions (OpenAI, vLLM, LM Studio, gateways). */
    OpenAi openai();

    /** Ollama's native chat API. */
    Ollama ollama();

    /** Anthropic's messages API. */
    Anthropic anthropic();

    /** Settings every LLM provider has. */
    interface Llm {
        /** API key; not needed by local servers. */
        Optional<String> apiKey();

        /** Sampling temperature; 0 keeps answers close to the passages. */
        @WithDefault("0.0")
        double temperature();

        /** Most tokens the model may generate per answer. */
        @WithDefault("512")
        int maxTokens();

        /**
         * HTTP timeout of one provider call; the fault-tolerance timeout (shorter) is what callers see, this only
         * bounds a stuck socket.
         */
        @WithDefault("PT120S")
        Duration httpTimeout();

        /** Price in USD per 1M input tokens, for the cost estimate. */
        @WithDefault("0")
        double inputPricePerMillion();

        /** Price in USD per 1M output tokens, for the cost estimate. */
        @WithDefault("0")
        double outputPricePerMillion();
    }

    interface OpenAi extends Llm {
        /** Base URL up to and including the API version, e.g. {@code http://vllm:8000/v1}. */
        @WithDefault("https://api.openai.com/v1")
        String baseUrl();

        /** Model name sent in each request. */
        @WithDefault("gpt-4o-mini")
        String model();
    }

    interface Ollama extends Llm {
        /** Base URL of the Ollama server. */
        @WithDefault("http://localhost:11434")
        String baseUrl();

        /** Model name sent in each request. */
        @WithDefault("llama3.1:8b")
        String model();
    }

    interface Anthropic extends Llm {
        /** Base URL up to and including the API version. */
        @WithDefault("https://api.anthropic.com/v1")
        String baseUrl();

        /** Model name sent in each request. */
        @WithDefault("claude-3-5-haiku-latest")
        String model();
    }
}
