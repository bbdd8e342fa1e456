package dev.docent.answer.provider;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import java.util.List;

/** The providers' real HTTP APIs as WireMock stubs: endpoints and reply bodies. */
final class ProviderStubs {
    static final String OPENAI = "/openai/v1/chat/completions";
    static final String OLLAMA = "/ollama/api/chat";
    static final String ANTHROPIC = "/anthropic/v1/messages";
    private static final ObjectMapper JSON = new ObjectMapper();

    private ProviderStubs() {}

    static MappingBuilder openAi() {
        return post(urlEqualTo(OPENAI));
    }

    static MappingBuilder ollama() {
        return post(urlEqualTo(OLLAMA));
    }

    static MappingBuilder anthropic() {
        return post(urlEqualTo(ANTHROPIC));
    }

    static ResponseDefinitionBuilder json(String body) {
        return aResponse()
                .withStatus(200)
                .withHeader("Content-Type", "application/json")
                .withBody(body);
    }

    static ResponseDefinitionBuilder openAiReply(String content, int promptTokens, int completionTokens) {
        return json("""
                {"id":"chatcmpl-1","object":"chat.completion","created":1700000000,"model":"gpt-test",
                 "choices":[{"index":0,"message":{"role":"assistant","content":%s},"finish_reason":"stop"}],
                 "usage":{"prompt_tokens":%d,"completion_tokens":%d,"total_tokens":%d}}""".formatted(quote(content), promptTokens, completionTokens, promptTokens + completionTokens));
    }

    static ResponseDefinitionBuilder ollamaReply(String content, int promptTokens, int evalTokens) {
        return json("""
                {"model":"llama-test","created_at":"2025-01-01T00:00:00Z",
                 "message":{"role":"assistant","content":%s},"done":true,"done_reason":"stop",
                 "prompt_eval_count":%d,"eval_count":%d}""".formatted(quote(content), promptTokens, evalTokens));
    }

    static ResponseDefinitionBuilder anthropicReply(String content, int inputTokens, int outputTokens) {
        return json("""
                {"id":"msg_1","type":"message","role":"assistant","model":"claude-test",
                 "content":[{"type":"text","text":%s}],"stop_reason":"end_turn","stop_sequence":null,
                 "usage":{"input_tokens":%d,"output_tokens":%d}}""".formatted(quote(content), inputTokens, outputTokens));
    }

    static ResponseDefinitionBuilder error(int status) {
        return aResponse()
                .withStatus(status)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"error\":{\"message\":\"stub error " + status + "\",\"type\":\"stub\"}}");
    }

    /** OpenAI's chat.completion.chunk SSE stream, usage in the last chunk, then [DONE]. */
    static ResponseDefinitionBuilder openAiStream(List<String> tokens, int promptTokens, int completionTokens) {
        StringBuilder b = new StringBuilder();
        String head = "{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\",\"created\":1700000000,"
                + "\"model\":\"gpt-test\",";
        b.append("data: ")
                .append(head)
                .append("\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\"},"
                        + "\"finish_reason\":null}]}\n\n");
        for (String t : tokens) {
            b.append("data: ")
                    .append(head)
                    .append("\"choices\":[{\"index\":0,\"delta\":{\"content\":")
                    .append(quote(t))
                    .append("},\"finish_reason\":null}]}\n\n");
        }
        b.append("data: ")
                .append(head)
                .append("\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}\n\n");
        b.append("data: ")
                .append(head)
                .append("\"choices\":[],\"usage\":{\"prompt_tokens\":")
                .append(promptTokens)
                .append(",\"completion_tokens\":")
                .append(completionTokens)
                .append(",\"total_tokens\":")
                .append(promptTokens + completionTokens)
                .append("}}\n\n");
        b.append("data: [DONE]\n\n");
        return aResponse()
                .withStatus(200)
                .withHeader("Content-Type", "text/event-stream")
                .withBody(b.toString());
    }

    /** An OpenAI stream cut off after its tokens: no finish reason, no usage, no [DONE]. */
    static ResponseDefinitionBuilder openAiStreamCut(List<String> tokens) {
        String full = body(openAiStream(tokens, 1, 1));
        int stop = full.lastIndexOf("data: ", full.indexOf("\"finish_reason\":\"stop\""));
        return aResponse()
                .withStatus(200)
                .withHeader("Content-Type", "text/event-stream")
                .withBody(full.substring(0, stop));
    }

    /** An Ollama stream cut off after its tokens: no line with {@code done: true}. */
    static ResponseDefinitionBuilder ollamaStreamCut(List<String> tokens) {
        String full = body(ollamaStream(tokens, 1, 1));
        int last = full.lastIndexOf('\n', full.indexOf("\"done\":true")) + 1;
        return aResponse()
                .withStatus(200)
                .withHeader("Content-Type", "application/x-ndjson")
                .withBody(full.substring(0, last));
    }

    /** An OpenAI reply the model stopped for lack of tokens, mid-sentence. */
    static ResponseDefinitionBuilder openAiReplyCutByLength(String content, int promptTokens, int completionTokens) {
        return json("""
                {"id":"chatcmpl-1","object":"chat.completion","created":1700000000,"model":"gpt-test",
                 "choices":[{"index":0,"message":{"role":"assistant","content":%s},"finish_reason":"length"}],
                 "usage":{"prompt_tokens":%d,"completion_tokens":%d,"total_tokens":%d}}""".formatted(quote(content), promptTokens, completionTokens, promptTokens + completionTokens));
    }

    private static String body(ResponseDefinitionBuilder response) {
        return response.build().getBody();
    }

    /** Ollama's NDJSON stream: one message object per line, the last with done and the token counts. */
    static ResponseDefinitionBuilder ollamaStream(List<String> tokens, int promptTokens, int evalTokens) {
        StringBuilder b = new StringBuilder();
        for (String t : tokens) {
            b.append("{\"model\":\"llama-test\",\"created_at\":\"2025-01-01T00:00:00Z\",")
                    .append("\"message\":{\"role\":\"assistant\",\"content\":")
                    .append(quote(t))
                    .append("},\"done\":false}\n");
        }
        b.append("{\"model\":\"llama-test\",\"created_at\":\"2025-01-01T00:00:01Z\",")
                .append("\"message\":{\"role\":\"assistant\",\"content\":\"\"},\"done\":true,")
                .append("\"done_reason\":\"stop\",\"prompt_eval_count\":")
                .append(promptTokens)
                .append(",\"eval_count\":")
                .append(evalTokens)
                .append("}\n");
        return aResponse()
                .withStatus(200)
                .withHeader("Content-Type", "application/x-ndjson")
                .withBody(b.toString());
    }

    /** Anthropic's messages SSE stream: message_start, content block deltas, message_delta with usage, stop. */
    static ResponseDefinitionBuilder anthropicStream(List<String> tokens, int inputTokens, int outputTokens) {
        StringBuilder b = new StringBuilder();
        event(
                b,
                "message_start",
                "{\"type\":\"message_start\",\"message\":{\"id\":\"msg_1\",\"type\":\"message\","
                        + "\"role\":\"assistant\",\"model\":\"claude-test\",\"content\":[],\"stop_reason\":null,"
                        + "\"stop_sequence\":null,\"usage\":{\"input_tokens\":" + inputTokens
                        + ",\"output_tokens\":1}}}");
        event(
                b,
                "content_block_start",
                "{\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}");
        for (String t : tokens) {
            event(
                    b,
                    "content_block_delta",
                    "{\"type\":\"content_block_delta\",\"index\":0," + "\"delta\":{\"type\":\"text_delta\",\"text\":"
                            + quote(t) + "}}");
        }
        event(b, "content_block_stop", "{\"type\":\"content_block_stop\",\"index\":0}");
        event(
                b,
                "message_delta",
                "{\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\","
                        + "\"stop_sequence\":null},\"usage\":{\"output_tokens\":" + outputTokens + "}}");
        event(b, "message_stop", "{\"type\":\"message_stop\"}");
        return aResponse()
                .withStatus(200)
                .withHeader("Content-Type", "text/event-stream")
                .withBody(b.toString());
    }

    /** Anthropic's stream failing after a 200: message_start, then an {@code error} event of the given type. */
    static ResponseDefinitionBuilder anthropicStreamError(String type) {
        StringBuilder b = new StringBuilder();
        event(
                b,
                "message_start",
                "{\"type\":\"message_start\",\"message\":{\"id\":\"msg_1\",\"type\":\"message\","
                        + "\"role\":\"assistant\",\"model\":\"claude-test\",\"content\":[],\"stop_reason\":null,"
                        + "\"stop_sequence\":null,\"usage\":{\"input_tokens\":100,\"output_tokens\":1}}}");
        event(b, "error", "{\"type\":\"error\",\"error\":{\"type\":" + quote(type) + ",\"message\":\"Overloaded\"}}");
        return aResponse()
                .withStatus(200)
                .withHeader("Content-Type", "text/event-stream")
                .withBody(b.toString());
    }

    private static void event(StringBuilder b, String name, String data) {
        b.append("event: ").append(name).append("\ndata: ").append(data).append("\n\n");
    }

    static String quote(String s) {
        try {
            return JSON.writeValueAsString(s);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
