package dev.docent.answer.provider;

import dev.docent.answer.config.AnswerConfig;
import dev.langchain4j.exception.NonRetriableException;
import dev.langchain4j.exception.RetriableException;
import dev.langchain4j.model.chat.request.ChatRequest;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.Timeout;

/**
 * The ollama provider: the only bean that calls its LangChain4j models. Retries retriable failures (429, 5xx;
 * not timeouts, which fail over at once) and never client errors (4xx); a breaker stops calling a failing provider for a while. Numbers are
 * set in application.properties under {@code quarkus.fault-tolerance."dev.docent.answer.provider.OllamaChatProvider/chat"}.
 */
@ApplicationScoped
public class OllamaChatProvider extends LazyProviderModels {
    public static final String NAME = "ollama";

    OllamaChatProvider(AnswerConfig config) {
        super(NAME, () -> ProviderModels.ollama(config.ollama()));
    }

    @Override
    @Timeout(30_000)
    @Retry(
            maxRetries = 2,
            delay = 250,
            jitter = 100,
            retryOn = RetriableException.class,
            abortOn = {NonRetriableException.class, ProviderCoolingDown.class})
    @CircuitBreaker(
            requestVolumeThreshold = 10,
            failureRatio = 0.5,
            delay = 30_000,
            successThreshold = 2,
            skipOn = {NonRetriableException.class, ProviderCoolingDown.class})
    public ProviderReply chat(ChatRequest request) {
        return models().chat(request);
    }
}
