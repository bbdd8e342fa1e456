package dev.docent.retrieve.rerank;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.langchain4j.exception.NonRetriableException;
import dev.langchain4j.exception.RetriableException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

/**
 * Raw client of a Cohere/Jina-style rerank API: {@code POST {base}/v1/rerank {model, query, documents, top_n}} answered
 * by {@code {results: [{index, relevance_score}]}}. 408, 429 and 5xx and I/O errors are retriable; other failures
 * are not. Fault tolerance lives in {@link HttpApiReranker}.
 */
final class RerankApiClient {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http;
    private final URI endpoint;
    private final String model;
    private final String apiKey;
    private final Duration requestTimeout;

    RerankApiClient(String baseUrl, String model, String apiKey, Duration connectTimeout, Duration requestTimeout) {
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(connectTimeout)
                .build();
        this.endpoint = URI.create(baseUrl.replaceAll("/+$", "") + "/v1/rerank");
        this.model = model;
        this.apiKey = apiKey;
        this.requestTimeout = requestTimeout;
    }

    /** Relevance score per document, in the order of {@code documents}. */
    double[] scores(String query, List<String> documents) {
        ObjectNode body = JSON.createObjectNode();
        body.put("model", model);
        body.put("query", query);
        ArrayNode docs = body.putArray("documents");
        documents.forEach(docs::add);
        body.put("top_n", documents.size());
        HttpRequest.Builder request = HttpRequest.newBuilder(endpoint)
                .timeout(requestTimeout)
                .header("Content-Type", "application/json")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString()));
        if (apiKey != null && !apiKey.isBlank()) {
            request.header("Authorization", "Bearer " + apiKey);
        }
        HttpResponse<String> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new RetriableException("rerank API unreachable: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new NonRetriableException("interrupted", e);
        }
        int status = response.statusCode();
        if (status == 408 || status == 429 || status >= 500) {
            throw new RetriableException("rerank API answered " + status);
        }
        if (status != 200) {
            throw new NonRetriableException("rerank API answered " + status);
        }
        return parse(response.body(), documents.size());
    }

    /**
     * The scores of a reply that ranks every document once ({@code top_n} asked for all of them) with a finite
     * score; anything else is refused, and the caller keeps the fused order: an empty or partial reply, a repeated
     * index, left documents scored minus infinity and ranked oldest first.
     */
    static double[] parse(String body, int n) {
        double[] scores = new double[n];
        boolean[] seen = new boolean[n];
        try {
            JsonNode results = JSON.readTree(body).path("results");
            if (!results.isArray()) {
                throw new NonRetriableException("rerank API response has no results array");
            }
            if (results.size() != n) {
                throw new NonRetriableException(
                        "rerank API ranked " + results.size() + " of the " + n + " documents it was sent");
            }
            for (JsonNode r : results) {
                int index = r.path("index").asInt(-1);
                JsonNode score = r.path("relevance_score");
                if (index < 0 || index >= n || seen[index] || !score.isNumber() || !Double.isFinite(score.asDouble())) {
                    throw new NonRetriableException("rerank API returned an invalid result");
                }
                seen[index] = true;
                scores[index] = score.asDouble();
            }
        } catch (IOException e) {
            throw new NonRetriableException("rerank API response is not JSON", e);
        }
        return scores;
    }
}
