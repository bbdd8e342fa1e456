package dev.docent.ingest.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** The few HTTP calls the ingestion benchmarks make, as any client would make them. */
final class BenchClient {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final URI base;

    BenchClient(String url) {
        this.base = URI.create(url.endsWith("/") ? url : url + "/");
    }

    static BenchClient fromEnv() {
        String url = System.getenv().getOrDefault("DOCENT_URL", "http://localhost:8080");
        return new BenchClient(url);
    }

    /** A named file to upload. */
    record Part(String fileName, byte[] bytes) {}

    String createCollection(String name) {
        String body = "{\"name\":\"" + name + "\"}";
        return send(HttpRequest.newBuilder(base.resolve("v1/collections"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body)))
                .path("id")
                .asText();
    }

    /** Uploads the files in one multipart request; returns the job id. */
    String upload(String collectionId, List<Part> files) {
        String boundary = "bench-" + UUID.randomUUID();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Part p : files) {
            String head = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\""
                    + p.fileName().replace("\"", "_") + "\"\r\nContent-Type: application/octet-stream\r\n\r\n";
            out.writeBytes(head.getBytes(StandardCharsets.UTF_8));
            out.writeBytes(p.bytes());
            out.writeBytes("\r\n".getBytes(StandardCharsets.UTF_8));
        }
        out.writeBytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return send(HttpRequest.newBuilder(base.resolve("v1/collections/" + collectionId + "/documents"))
                        .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                        .POST(HttpRequest.BodyPublishers.ofByteArray(out.toByteArray())))
                .path("id")
                .asText();
    }

    JsonNode job(String jobId) {
        return send(HttpRequest.newBuilder(base.resolve("v1/jobs/" + jobId)).GET());
    }

    /** The service's Prometheus scrape, or empty when unavailable. */
    String metrics() {
        try {
            HttpResponse<String> r = http.send(
                    HttpRequest.newBuilder(base.resolve("q/metrics"))
                            .timeout(Duration.ofSeconds(10))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200 ? r.body() : "";
        } catch (IOException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }

    boolean healthy() {
        try {
            HttpResponse<String> r = http.send(
                    HttpRequest.newBuilder(base.resolve("q/health/live"))
                            .timeout(Duration.ofSeconds(10))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private JsonNode send(HttpRequest.Builder builder) {
        String key = System.getenv("DOCENT_API_KEY");
        if (key != null && !key.isBlank()) {
            builder.setHeader("Authorization", "Bearer " + key);
        }
        HttpRequest request = builder.timeout(Duration.ofMinutes(5)).build();
        for (int attempt = 1; ; attempt++) {
            try {
                HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 429 && attempt < 600) { // e.g. too_many_jobs: wait as told, then retry
                    Thread.sleep(1000
                            * Long.parseLong(
                                    r.headers().firstValue("Retry-After").orElse("1")));
                    continue;
                }
                if (r.statusCode() >= 300) {
                    throw new IllegalStateException(
                            request.method() + " " + request.uri() + " -> HTTP " + r.statusCode() + ": " + r.body());
                }
                return JSON.readTree(r.body());
            } catch (IOException e) {
                if (attempt >= 3) {
                    throw new IllegalStateException(request.method() + " " + request.uri() + ": " + e, e);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
        }
    }

    static String json(Map<String, ?> values) {
        try {
            return JSON.writeValueAsString(values);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static byte[] read(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }
}
