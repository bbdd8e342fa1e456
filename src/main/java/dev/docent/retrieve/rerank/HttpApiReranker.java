package dev.docent.retrieve.rerank;

import dev.docent.retrieve.config.RetrieveConfig;
import dev.docent.retrieve.service.Candidate;
import dev.docent.retrieve.service.ReciprocalRankFusion;
import dev.docent.retrieve.service.Reranker;
import dev.langchain4j.exception.NonRetriableException;
import dev.langchain4j.exception.RetriableException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Typed;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Fallback;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.jboss.logging.Logger;

/**
 * The one bean in front of a Cohere/Jina-style rerank API: timeout, retry on retriable failures only, a circuit
 * breaker, and a fallback that keeps the fused order. Numbers are overridable with
 * {@code quarkus.fault-tolerance."dev.docent.retrieve.rerank.HttpApiReranker/rerank".*}.
 */
@ApplicationScoped
@Typed(HttpApiReranker.class)
public class HttpApiReranker implements Reranker {
    private static final Logger LOG = Logger.getLogger(HttpApiReranker.class);

    private final RerankApiClient client;

    HttpApiReranker(RetrieveConfig config) {
        RetrieveConfig.Http http = config.rerank().http();
        this.client = new RerankApiClient(
                http.baseUrl(), http.model(), http.apiKey().orElse(null), http.connectTimeout(), http.requestTimeout());
    }

    @Override
    public String name() {
        return "http";
    }

    @Override
    @Timeout(value = 8, unit = ChronoUnit.SECONDS)
    @Retry(maxRetries = 2, delay = 100, retryOn = RetriableException.class, abortOn = NonRetriableException.class)
    @CircuitBreaker(
            requestVolumeThreshold = 10,
            failureRatio = 0.5,
            delay = 30,
            delayUnit = ChronoUnit.SECONDS,
            skipOn = NonRetriableException.class)
    @Fallback(fallbackMethod = "keepOrder")
    public List<Candidate> rerank(String query, List<Candidate> candidates) {
        if (candidates.isEmpty()) {
            return List.of();
        }
        double[] scores = client.scores(
                query, candidates.stream().map(c -> c.chunk().text()).toList());
        List<Candidate> out = new ArrayList<>(candidates.size());
        for (int i = 0; i < candidates.size(); i++) {
            out.add(candidates.get(i).withScore(scores[i]));
        }
        out.sort(ReciprocalRankFusion.BEST_FIRST);
        return out;
    }

    /** The fallback: the candidates in the order they came (the fused order). */
    List<Candidate> keepOrder(String query, List<Candidate> candidates, Throwable failure) {
        LOG.warnf("rerank API failed (%s); keeping the fused order", failure.getMessage());
        return candidates;
    }
}
