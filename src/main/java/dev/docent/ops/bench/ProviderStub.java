package dev.docent.ops.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Loopback stub of two LLM providers for the failover scenario: a faulty OpenAI-compatible endpoint
 * ({@code POST /v1/chat/completions}) that answers 429, 500 or too slowly in rotation, and a healthy Ollama
 * endpoint ({@code POST /api/chat}) that answers with the first sentence of the prompt's last passage.
 */
final class ProviderStub implements AutoCloseable {
    private final HttpServer server;
    private final AtomicInteger openAiCalls = new AtomicInteger();
    private final AtomicInteger ollamaCalls = new AtomicInteger();
    private final Map<String, AtomicInteger> faults = new TreeMap<>();
    private final long slowMillis;

    ProviderStub(long slowMillis) throws IOException {
        this.slowMillis = slowMillis;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/v1/chat/completions", this::faultyOpenAi);
        server.createContext("/api/chat", this::healthyOllama);
        server.setExecutor(Executors.newFixedThreadPool(16));
        server.start();
    }

    String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    int openAiCalls() {
        return openAiCalls.get();
    }

    int ollamaCalls() {
        return ollamaCalls.get();
    }

    synchronized Map<String, Integer> faults() {
        Map<String, Integer> out = new TreeMap<>();
        faults.forEach((k, v) -> out.put(k, v.get()));
        return out;
    }

    private void faultyOpenAi(HttpExchange exchange) throws IOException {
        exchange.getRequestBody().readAllBytes();
        int n = openAiCalls.incrementAndGet();
        switch (n % 3) {
            case 0 -> {
                count("429");
                exchange.getResponseHeaders().add("Retry-After", "1");
                send(exchange, 429, "{\"error\":{\"message\":\"Rate limit reached\",\"type\":\"requests\"}}");
            }
            case 1 -> {
                count("500");
                send(exchange, 500, "{\"error\":{\"message\":\"The server had an error\",\"type\":\"server_error\"}}");
            }
            default -> {
                count("slow");
                sleep(slowMillis);
                send(exchange, 503, "{\"error\":{\"message\":\"overloaded\",\"type\":\"server_error\"}}");
            }
        }
    }

    private void healthyOllama(HttpExchange exchange) throws IOException {
        JsonNode request = BenchHttp.JSON.readTree(exchange.getRequestBody());
        ollamaCalls.incrementAndGet();
        String prompt = request.path("messages").toString();
        ObjectNode body = BenchHttp.JSON.createObjectNode();
        body.put("model", request.path("model").asText("stub"));
        body.put("created_at", "2026-11-23T00:00:00Z");
        body.putObject("message").put("role", "assistant").put("content", firstSentence(prompt) + " [1]");
        body.put("done", true).put("done_reason", "stop");
        body.put("prompt_eval_count", Math.max(1, prompt.length() / 4)).put("eval_count", 24);
        send(exchange, 200, body.toString());
    }

    /** A sentence of the passages (text after the first "[1]" marker when present), so citations can verify. */
    private static String firstSentence(String prompt) {
        String text = prompt.replace("\\n", "\n").replace("\\\"", "\"");
        int marker = text.indexOf("[1]");
        String rest = marker >= 0 ? text.substring(marker + 3) : text;
        for (String line : rest.split("\n")) {
            String s = line.strip();
            int dot = s.indexOf(". ");
            if (s.length() > 30 && Character.isUpperCase(s.charAt(0))) {
                return dot > 0 ? s.substring(0, dot + 1) : s;
            }
        }
        return "The passages describe the components.";
    }

    private synchronized void count(String kind) {
        faults.computeIfAbsent(kind, k -> new AtomicInteger()).incrementAndGet();
    }

    private static void send(HttpExchange exchange, int status, String json) throws IOException {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        try {
            exchange.sendResponseHeaders(status, bytes.length);
            exchange.getResponseBody().write(bytes);
        } catch (IOException e) {
            // the caller gave up (its timeout fired): expected for the slow case
        } finally {
            exchange.close();
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
