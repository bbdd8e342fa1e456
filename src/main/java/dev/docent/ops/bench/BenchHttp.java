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

    /** The API key of the calling thread's simulated user, when it has its own (see {@link #asUser}). */
    private static final ThreadLocal<String> USER_KEY = new ThreadLocal<>();

    /** Makes the calling thread send {@code key} instead of the admin key from {@code DOCENT_API_KEY}. */
    static void asUser(String key) {
        USER_KEY.set(key);
    }

    /**
     * Creates a key for a simulated user (scope write, group {@code group}) with the admin key and returns its
     * secret: each load client is its own user, so per-key rate limits apply per client as in production.
     */
    String createUserKey(String owner, String group) {
        Reply r = postJson(
                "/v1/keys",
                JSON.createObjectNode()
                        .put("owner", owner)
                        .<com.fasterxml.jackson.databind.node.ObjectNode>set(
                                "scopes", JSON.createArrayNode().add("write"))
                        .set("groups", JSON.createArrayNode().add(group)));
        if (r.status() != 201) {
            throw new IllegalStateException("cannot create a user key: HTTP " + r.status() + " " + r.body());
        }
        return r.json().path("secret").asText();
    }

    /** Grants a group a role in a collection. */
    void grant(String collection, String group, String role) {
        try {
            Reply r = send(HttpRequest.newBuilder(base.resolve("/v1/collections/" + collection + "/members"))
                    .header("Content-Type", "application/json")
                    .PUT(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(JSON.createObjectNode()
                            .put("principal", "group:" + group)
                            .put("role", role)))));
            if (r.status() != 200) {
                throw new IllegalStateException("cannot grant " + role + ": HTTP " + r.status() + " " + r.body());
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Sends; a transport failure (connection refused, timeout) is status 0. */
    Reply send(HttpRequest.Builder request) {
        String key = USER_KEY.get() != null ? USER_KEY.get() : System.getenv("DOCENT_API_KEY");
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
