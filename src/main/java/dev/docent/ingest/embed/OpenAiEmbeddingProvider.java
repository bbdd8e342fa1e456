package dev.docent.ingest.embed;

import dev.langchain4j.exception.NonRetriableException;
import dev.langchain4j.exception.RetriableException;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.util.List;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException;

/**
 * The openai embedding endpoint: the only bean that calls its LangChain4j client. Retries retriable failures (429,
 * 5xx, timeouts) and never client errors (4xx); a breaker stops calling a failing endpoint for a while. Passages
 * ({@code embed}) and search queries ({@code embedQuery}) have their own bounds and breakers. Numbers are
 * set in application.properties under
 * {@code quarkus.fault-tolerance."dev.docent.ingest.embed.OpenAiEmbeddingProvider/embed"}.
 */
@ApplicationScoped
public class OpenAiEmbeddingProvider extends EmbeddingProvider {
    public static final String PREFIX = "openai:";

    OpenAiEmbeddingProvider(EmbeddingConfig config) {
        super(() -> RemoteEmbeddingModels.openAi(config.openai()));
    }

    @Override
    @Timeout(30_000)
    @Retry(
            maxRetries = 3,
            delay = 500,
            jitter = 200,
            retryOn = {RetriableException.class, TimeoutException.class, IOException.class},
            abortOn = NonRetriableException.class)
    @CircuitBreaker(
            requestVolumeThreshold = 10,
            failureRatio = 0.5,
            delay = 30_000,
            successThreshold = 2,
            skipOn = NonRetriableException.class)
    public List<float[]> embed(List<String> texts) {
        return call(texts);
    }

    /**
     * A search's query, on its own breaker and with an interactive request's bounds: a hung endpoint made searches
     * wait out ingestion's timeouts and retries (two to three minutes), and documents it could not embed opened
     * the breaker that searches shared.
     */
    @Override
    @Timeout(5_000)
    @Retry(
            maxRetries = 1,
            delay = 100,
            jitter = 50,
            retryOn = {RetriableException.class, IOException.class},
            abortOn = NonRetriableException.class)
    @CircuitBreaker(
            requestVolumeThreshold = 10,
            failureRatio = 0.5,
            delay = 15_000,
            successThreshold = 2,
            skipOn = NonRetriableException.class)
    public List<float[]> embedQuery(List<String> texts) {
        return call(texts);
    }
}
