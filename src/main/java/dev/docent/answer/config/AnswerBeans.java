package dev.docent.answer.config;

import dev.docent.answer.conversation.HeuristicCondenser;
import dev.docent.answer.conversation.LlmCondenser;
import dev.docent.answer.conversation.QuestionCondenser;
import dev.docent.answer.embed.EmbeddingSentenceSimilarity;
import dev.docent.answer.llm.ClaimVerifier;
import dev.docent.answer.llm.FailoverAnswerer;
import dev.docent.answer.provider.AnthropicChatProvider;
import dev.docent.answer.provider.ChatProvider;
import dev.docent.answer.provider.OllamaChatProvider;
import dev.docent.answer.provider.OpenAiChatProvider;
import dev.docent.answer.service.AnswerTelemetry;
import dev.docent.answer.service.ExtractiveAnswerer;
import dev.docent.answer.service.SentenceRanking;
import dev.docent.ingest.embed.EmbeddingModels;
import dev.docent.ingest.embed.InProcessEmbeddingModels;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;

/**
 * Wires the answerer: the configured LLM providers in order, then the extractive answerer, which needs no LLM
 * and is the only one by default.
 */
public class AnswerBeans {

    /** The LLM condenser on the first configured provider, else the offline heuristic. */
    @Produces
    @ApplicationScoped
    QuestionCondenser condenser(FailoverAnswerer answerer) {
        return answerer.providers().isEmpty()
                ? new HeuristicCondenser()
                : new LlmCondenser(answerer.providers().get(0), answerer);
    }

    @Produces
    @ApplicationScoped
    FailoverAnswerer answerer(
            AnswerConfig config,
            OpenAiChatProvider openai,
            OllamaChatProvider ollama,
            AnthropicChatProvider anthropic,
            AnswerTelemetry telemetry,
            EmbeddingModels models) {
        List<ChatProvider> providers = new ArrayList<>();
        for (String name : config.providers()) {
            ChatProvider provider = switch (name.strip().toLowerCase(Locale.ROOT)) {
                case OpenAiChatProvider.NAME -> openai;
                case OllamaChatProvider.NAME -> ollama;
                case AnthropicChatProvider.NAME -> anthropic;
                case ExtractiveAnswerer.NAME, "" -> null;
                default ->
                    throw new IllegalArgumentException("docent.answer.providers: unknown provider '" + name
                            + "' (use openai, ollama, anthropic, extractive)");
            };
            if (provider != null && !providers.contains(provider)) {
                providers.add(provider);
            }
        }
        return new FailoverAnswerer(
                providers,
                new ExtractiveAnswerer(
                        config.minSupport(),
                        config.maxSentences(),
                        config.similarity().weight(),
                        config.similarity().offset(),
                        sentenceRanking(config.sentences(), models)),
                new ClaimVerifier(config.claimSupport()),
                telemetry);
    }

    /** The configured {@link SentenceRanking}; an unknown or remote model fails the start with the setting's name. */
    static SentenceRanking sentenceRanking(AnswerConfig.Sentences config, EmbeddingModels models) {
        String model = config.model().strip();
        if (model.equalsIgnoreCase("none") || config.weight() == 0 || config.depth() == 0) {
            return SentenceRanking.NONE;
        }
        if (InProcessEmbeddingModels.spec(model).isEmpty()) {
            throw new IllegalArgumentException("docent.answer.sentences.model: '" + model
                    + "' is not an in-process embedding model (use one of "
                    + String.join(", ", new TreeSet<>(InProcessEmbeddingModels.ids())) + ", or none)");
        }
        return new SentenceRanking(
                new EmbeddingSentenceSimilarity(() -> models.forModel(model)), config.weight(), config.depth());
    }
}
