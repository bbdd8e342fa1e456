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

    /** How the question's similarity to the evidence enters the extractive answerer's support (docs/answers.md). */
    Similarity similarity();

    /**
     * The extractive answerer's support is its lexical coverage plus {@code weight * (s - offset)}, where {@code s} is
     * the best cosine similarity of an evidence chunk to the question, so that questions worded unlike the documents
     * but close in meaning are answered and look-alike questions far from every chunk abstain. The offset is a
     * property of the embedding model's cosine scale: it applies only to collections on {@code model}.
     */
    interface Similarity {
        /** Weight of the similarity term; 0 leaves support lexical. */
        @WithDefault("1.25")
        double weight();

        /**
         * Cosine at which the term is 0, calibrated with the weight for {@code model} on SQuAD 2.0 dev-a: the best
         * abstention F1 among settings that answer at least as many answerable questions as lexical support alone
         * with at least its short-answer F1 (docs/answers.md).
         */
        @WithDefault("0.69")
        double offset();

        /** The embedding model the offset was calibrated for; other models' collections get lexical support only. */
        @WithDefault("bge-small-en-v1.5-q")
        String model();
    }

    /** How the extractive answerer orders its best sentences by meaning as well as by words (ADR 0025). */
    Sentences sentences();

    /**
     * The extractive answerer compares its {@code depth} best sentences by word coverage with the question in
     * {@code model} and quotes the ones closer in meaning first: each loses {@code weight * (best cosine - its
     * cosine)} of its score for the ordering. Abstention is unaffected. Measured on SQuAD 2.0 dev-a (docs/answers.md).
     */
    interface Sentences {
        /**
         * An in-process embedding model ({@code bge-small-en-v1.5-q}, {@code all-minilm-l6-v2-q}; no network call per
         * answer), or {@code none} to order by word coverage alone.
         */
        @WithDefault("bge-small-en-v1.5-q")
        String model();

        /** Weight of the cosine difference; 0 orders by word coverage alone. */
        @WithDefault("0.6")
        double weight();

        /** Best sentences by word coverage that are embedded and reordered (each answer embeds this many at most). */
        @WithDefault("8")
        int depth();
    }

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

        /**
         * Longest wait for a streamed reply's first token, or for its next one: a stream that stalls longer is
         * abandoned and the next provider tried ({@code timeout}); a whole stream may last at most {@link
         * #streamMaxDuration}. An abandoned call's connection is closed, before its first token too.
         */
        @WithDefault("PT30S")
        Duration streamIdleTimeout();

        /**
         * Longest a streamed reply may take in all, however steadily its tokens come: a slow local model writing
         * {@code max-tokens} at a few tokens a second needs minutes, so this is longer than {@link #httpTimeout}.
         */
        @WithDefault("PT10M")
        Duration streamMaxDuration();

        /**
         * Longest {@code Retry-After} a request sits out before the provider's retry (a 429 or overload reply that
         * asks for a short wait); a reply asking for longer sends requests to the next provider, without calling
         * this one, until the time it named (at most 10 minutes).
         */
        @WithDefault("PT2S")
        Duration retryAfterMaxWait();

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

        /**
         * Context window requested for each call ({@code options.num_ctx}). Ollama's own default (2,048 or 4,096
         * tokens, by version) silently drops the start of a longer prompt, which is the system prompt with the rules
         * against injected instructions; 16 passages of 200-token chunks already need about 4,000 tokens.
         */
        @WithDefault("8192")
        int numCtx();
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
