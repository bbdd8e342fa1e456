package dev.docent.eval.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Talks to a Docent server over its public HTTP API, exactly as any client would. */
final class DocentClient {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final URI base;
    private final String apiKey;

    DocentClient(String baseUrl, String apiKey) {
        this.base = URI.create(baseUrl.endsWith("/") ? baseUrl : baseUrl + "/");
        this.apiKey = apiKey;
    }

    /** A search hit reduced to what evaluation needs. */
    record Hit(String documentId, long chunkId, double score, String text) {}

    /** An answer reduced to what evaluation needs. */
    /** An answer as the eval reads it; {@code shortAnswer} is null when the response carries none. */
    record AnswerResult(
            String answer, boolean grounded, List<String> quotes, List<String> documentIds, String shortAnswer) {}

    /**
     * The server's identity ({@code GET /v1/info}): its version and the ingestion settings that change what an eval
     * measures; empty when the server predates the endpoint (404).
     */
    java.util.Optional<JsonNode> info() {
        HttpRequest request = request("v1/info").GET().build();
        HttpResponse<String> response = exchange(request);
        if (response.statusCode() == 404) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(body(request, response));
    }

    /** Returns the id of the collection with this name, creating it when absent (reuse = ingestion cache). */
    String ensureCollection(String name) {
        for (JsonNode c : send(request("v1/collections").GET())) {
            if (name.equals(c.path("name").asText())) {
                return c.path("id").asText();
            }
        }
        return createCollection(name);
    }

    /** Creates a collection; returns its id. */
    String createCollection(String name) {
        String body = json(Map.of("name", name));
        return send(request("v1/collections")
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body)))
                .path("id")
                .asText();
    }

    /** Deletes a collection (the server removes its documents and vectors in the background). */
    void deleteCollection(String collectionId) {
        send(request("v1/collections/" + collectionId).DELETE());
    }

    /** A document the collection holds: server id, sha-256 of its bytes, status ({@code succeeded}, {@code failed}). */
    record Stored(String id, String contentSha256, String status) {}

    /** Every document of the collection by external id (the listing API, a page of 10,000 at a time). */
    Map<String, Stored> documents(String collectionId) {
        Map<String, Stored> byExternalId = new HashMap<>();
        int page = 10_000;
        for (int offset = 0; ; offset += page) {
            JsonNode docs =
                    send(request("v1/collections/" + collectionId + "/documents?offset=" + offset + "&limit=" + page)
                            .GET());
            for (JsonNode d : docs) {
                byExternalId.put(
                        d.path("externalId").asText(),
                        new Stored(
                                d.path("id").asText(),
                                d.path("contentSha256").asText(),
                                d.path("status").asText()));
            }
            if (docs.size() < page) {
                return byExternalId;
            }
        }
    }

    /** Uploads one text document; returns the server's document id. Identical bytes are not re-embedded. */
    String uploadText(String collectionId, String externalId, String text) {
        String boundary = "docent-" + UUID.randomUUID();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        writePart(out, boundary, "externalId", null, externalId.getBytes(StandardCharsets.UTF_8));
        writePart(out, boundary, "file", safeFileName(externalId) + ".txt", text.getBytes(StandardCharsets.UTF_8));
        out.writeBytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return send(request("v1/collections/" + collectionId + "/documents?wait=true")
                        .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                        .POST(HttpRequest.BodyPublishers.ofByteArray(out.toByteArray())))
                .path("id")
                .asText();
    }

    /** Uploads a file as is under an external id (its path in the dataset); returns the server's document id. */
    String uploadFile(String collectionId, java.nio.file.Path file, String externalId) {
        String boundary = "docent-" + UUID.randomUUID();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        String name = file.getFileName().toString();
        writePart(out, boundary, "externalId", null, externalId.getBytes(StandardCharsets.UTF_8));
        try {
            writePart(out, boundary, "file", safeFileName(name), java.nio.file.Files.readAllBytes(file));
        } catch (IOException e) {
            throw new EvalException("cannot read " + file + ": " + e.getMessage());
        }
        out.writeBytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return send(request("v1/collections/" + collectionId + "/documents?wait=true")
                        .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                        .POST(HttpRequest.BodyPublishers.ofByteArray(out.toByteArray())))
                .path("id")
                .asText();
    }

    List<Hit> search(String collectionId, String query, int topK) {
        JsonNode response = send(request("v1/collections/" + collectionId + "/search")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json(Map.of("query", query, "topK", topK)))));
        List<Hit> hits = new ArrayList<>();
        for (JsonNode h : response.path("hits")) {
            hits.add(new Hit(
                    h.path("documentId").asText(),
                    h.path("chunkId").asLong(),
                    h.path("score").asDouble(),
                    h.path("text").asText()));
        }
        return hits;
    }

    AnswerResult answer(String collectionId, String question, int topK) {
        JsonNode r = send(request("v1/collections/" + collectionId + "/answers")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json(Map.of("question", question, "topK", topK)))));
        List<String> quotes = new ArrayList<>();
        List<String> docs = new ArrayList<>();
        for (JsonNode c : r.path("citations")) {
            quotes.add(c.path("quote").asText());
            docs.add(c.path("documentId").asText());
        }
        JsonNode shortAnswer = r.path("shortAnswer").path("text");
        return new AnswerResult(
                r.path("answer").asText(),
                r.path("grounded").asBoolean(),
                quotes,
                docs,
                shortAnswer.isTextual() ? shortAnswer.asText() : null);
    }

    private HttpRequest.Builder request(String path) {
        HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofMinutes(5));
        if (apiKey != null && !apiKey.isBlank()) {
            b.header("Authorization", "Bearer " + apiKey);
        }
        return b;
    }

    private JsonNode send(HttpRequest.Builder builder) {
        HttpRequest request = builder.build();
        return body(request, exchange(request));
    }

    private static JsonNode body(HttpRequest request, HttpResponse<String> response) {
        if (response.statusCode() >= 300) {
            throw new EvalException("server answered " + response.statusCode() + " to " + request.method() + " "
                    + request.uri().getPath() + ": " + response.body());
        }
        try {
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new EvalException("the server's answer to " + request.method() + " "
                    + request.uri().getPath() + " is not JSON: " + e.getMessage());
        }
    }

    private HttpResponse<String> exchange(HttpRequest request) {
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            // Rate limited or briefly unavailable: wait as the server asks (Retry-After), up to ten minutes in all.
            for (int waited = 0; (response.statusCode() == 429 || response.statusCode() == 503) && waited < 600; ) {
                long seconds = retryAfter(response);
                Thread.sleep(seconds * 1000);
                waited += (int) seconds;
                response = http.send(request, HttpResponse.BodyHandlers.ofString());
            }
            return response;
        } catch (IOException e) {
            throw new EvalException("cannot reach " + request.uri() + ": " + reason(e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EvalException("interrupted");
        }
    }

    /** What went wrong with a connection; the JDK leaves the message of a refused connection null. */
    static String reason(IOException e) {
        if (e instanceof java.net.ConnectException
                && (e.getMessage() == null || e.getMessage().isBlank())) {
            return "connection refused (is the service running at that address?)";
        }
        if (e instanceof java.net.http.HttpTimeoutException) {
            return "timed out";
        }
        return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }

    private static long retryAfter(HttpResponse<String> response) {
        try {
            return Math.max(
                    1,
                    Math.min(
                            60,
                            Long.parseLong(
                                    response.headers().firstValue("Retry-After").orElse("1"))));
        } catch (NumberFormatException e) {
            return 1;
        }
    }

    private static void writePart(ByteArrayOutputStream out, String boundary, String name, String file, byte[] data) {
        StringBuilder head = new StringBuilder("--").append(boundary).append("\r\n");
        head.append("Content-Disposition: form-data; name=\"").append(name).append('"');
        if (file != null) {
            head.append("; filename=\"").append(file).append('"');
            head.append("\r\nContent-Type: text/plain; charset=UTF-8");
        }
        head.append("\r\n\r\n");
        out.writeBytes(head.toString().getBytes(StandardCharsets.UTF_8));
        out.writeBytes(data);
        out.writeBytes("\r\n".getBytes(StandardCharsets.UTF_8));
    }

    private static String safeFileName(String id) {
        return id.replaceAll("[^A-Za-z0-9._-]", "_");
    }

    private static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
