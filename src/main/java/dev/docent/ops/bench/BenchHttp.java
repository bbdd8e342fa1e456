package dev.docent.ops.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;

/** Minimal HTTP client for the benchmarks and fault scenarios: loopback only, JSON and multipart uploads. */
final class BenchHttp {
    static final ObjectMapper JSON = new ObjectMapper();

    /** One response: status, body, Retry-After header (if any) and client-side latency in nanoseconds. */
    record Reply(int status, String body, Optional<String> retryAfter, long nanos) {
        JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                return JSON.createObjectNode();
            }
        }

        boolean ok() {
            return status >= 200 && status < 300;
        }
    }

    private final URI base;
    private final HttpClient client;
    private final Duration timeout;

    BenchHttp(String baseUrl, Duration timeout) {
        this.base = URI.create(baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl);
        requireLoopback(base);
        this.timeout = timeout;
        this.client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .build();
    }

    static BenchHttp fromEnvironment(Duration timeout) {
        String url = System.getenv().getOrDefault("DOCENT_URL", "http://localhost:8080");
        return new BenchHttp(url, timeout);
    }

    URI base() {
        return base;
    }

    /** The benchmarks generate load: never against anything but this machine. */
    static void requireLoopback(URI uri) {
        try {
            InetAddress address = InetAddress.getByName(uri.getHost());
            if (!address.isLoopbackAddress()) {
                throw new IllegalArgumentException("refusing to load " + uri + ": loopback addresses only");
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot resolve " + uri.getHost(), e);
        }
    }

    Reply get(String path) {
        return send(HttpRequest.newBuilder(base.resolve(path)).GET());
    }

    Reply postJson(String path, Object body) {
        try {
            return send(HttpRequest.newBuilder(base.resolve(path))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    Reply upload(String path, String fileName, byte[] content) {
        String boundary = "docent-" + UUID.randomUUID();
        ByteArrayOutputStream out = new ByteArrayOutputStream(content.length + 256);
        String head = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + fileName
                + "\"\r\nContent-Type: text/plain\r\n\r\n";
        out.writeBytes(head.getBytes(StandardCharsets.UTF_8));
        out.writeBytes(content);
        out.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return send(HttpRequest.newBuilder(base.resolve(path))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(out.toByteArray())));
    }

    /** Sends; a transport failure (connection refused, timeout) is status 0. */
    Reply send(HttpRequest.Builder request) {
        String key = System.getenv("DOCENT_API_KEY");
        if (key != null && !key.isBlank()) {
            request.setHeader("Authorization", "Bearer " + key);
        }
        long start = System.nanoTime();
        try {
            HttpResponse<String> r = client.send(
                    request.timeout(timeout).build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            return new Reply(
                    r.statusCode(), r.body(), r.headers().firstValue("Retry-After"), System.nanoTime() - start);
        } catch (IOException e) {
            return new Reply(0, String.valueOf(e.getMessage()), Optional.empty(), System.nanoTime() - start);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Reply(0, "interrupted", Optional.empty(), System.nanoTime() - start);
        }
    }

    /** Creates a collection with a unique name and returns its id. */
    String createCollection(String prefix) {
        Reply r = postJson(
                "/v1/collections",
                JSON.createObjectNode()
                        .put(
                                "name",
                                prefix + "-" + System.currentTimeMillis() + "-"
                                        + UUID.randomUUID().toString().substring(0, 8)));
        if (r.status() != 201) {
            throw new IllegalStateException("cannot create a collection: HTTP " + r.status() + " " + r.body());
        }
        return r.json().path("id").asText();
    }
}
