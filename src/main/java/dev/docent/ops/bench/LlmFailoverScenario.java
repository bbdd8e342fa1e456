package dev.docent.ops.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;

/**
 * LLM providers failing while answers keep flowing: the service is restarted with providers {@code openai,ollama}
 * pointed at a loopback {@link ProviderStub} whose OpenAI endpoint answers 429, 500 or too slowly and whose Ollama
 * endpoint works. Pass: every answer is 200, none comes from the failing provider, the failing provider was
 * actually called and failed in all three ways, and answers stay within the configured timeouts. The service is
 * restarted with its normal configuration afterwards. Skipped when this build has no LLM provider chain.
 */
final class LlmFailoverScenario implements FaultScenarios.Scenario {
    private static final int ANSWERS = 24;
    private static final long SLOW_MS = 4000;
    private static final String OPENAI_FT =
            "quarkus.fault-tolerance.\"dev.docent.answer.provider.OpenAiChatProvider/chat\"";

    private final BenchHttp http;
    private final LocalStack stack;

    LlmFailoverScenario(BenchHttp http, LocalStack stack) {
        this.http = http;
        this.stack = stack;
    }

    @Override
    public ObjectNode run() throws Exception {
        ObjectNode r = BenchHttp.JSON.createObjectNode();
        try (ProviderStub stub = new ProviderStub(SLOW_MS)) {
            Path config = Files.createTempFile("docent-llm-failover-", ".properties");
            Files.writeString(
                    config,
                    String.join(
                            "\n",
                            "docent.answer.providers=openai,ollama",
                            "docent.answer.openai.base-url=" + stub.baseUrl() + "/v1",
                            "docent.answer.openai.api-key=stub",
                            "docent.answer.ollama.base-url=" + stub.baseUrl(),
                            OPENAI_FT + ".timeout.value=1500",
                            OPENAI_FT + ".retry.delay=50",
                            ""));
            try {
                if (!stack.restartService(Optional.of(config))) {
                    return r.putNull("pass")
                            .put(
                                    "skipped",
                                    "the service does not start with LLM provider settings"
                                            + " (docent.answer.providers unknown: no LLM provider chain in this build)");
                }
                return exercise(stub, r);
            } finally {
                stack.restartService(Optional.empty());
                Files.deleteIfExists(config);
            }
        }
    }

    private ObjectNode exercise(ProviderStub stub, ObjectNode r) {
        String collection = http.createCollection("faults-llm");
        Random random = new Random(5);
        for (int i = 0; i < 3; i++) {
            http.upload(
                    "/v1/collections/" + collection + "/documents?wait=true",
                    "llm-" + i + ".txt",
                    TextCorpus.document(random, 30));
        }
        Map<String, Integer> byAnswerer = new TreeMap<>();
        Map<String, Integer> byStatus = new TreeMap<>();
        LatencyStats latency = new LatencyStats();
        for (int i = 0; i < ANSWERS; i++) {
            BenchHttp.Reply reply = http.postJson(
                    "/v1/collections/" + collection + "/answers",
                    BenchHttp.JSON.createObjectNode().put("question", TextCorpus.question(random)));
            latency.record(reply.nanos());
            byStatus.merge(Integer.toString(reply.status()), 1, Integer::sum);
            JsonNode body = reply.json();
            byAnswerer.merge(body.path("answerer").asText("none"), 1, Integer::sum);
        }
        if (stub.openAiCalls() == 0 && stub.ollamaCalls() == 0) {
            return r.putNull("pass").put("skipped", "no provider was called: this build has no LLM provider chain");
        }
        Map<String, Integer> faults = stub.faults();
        boolean pass = byStatus.getOrDefault("200", 0) == ANSWERS
                && byAnswerer.getOrDefault("openai", 0) == 0
                && faults.containsKey("429")
                && faults.containsKey("500")
                && faults.containsKey("slow")
                && latency.percentileMs(95) < 20_000;
        r.put("pass", pass)
                .put("answers", ANSWERS)
                .put("openai_calls", stub.openAiCalls())
                .put("ollama_calls", stub.ollamaCalls())
                .put("answer_p50_ms", Math.round(latency.percentileMs(50)))
                .put("answer_p95_ms", Math.round(latency.percentileMs(95)));
        r.set("faults_injected", BenchHttp.JSON.valueToTree(faults));
        r.set("by_status", BenchHttp.JSON.valueToTree(byStatus));
        r.set("by_answerer", BenchHttp.JSON.valueToTree(byAnswerer));
        return r;
    }
}
