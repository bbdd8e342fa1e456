package dev.docent.answer.provider;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;

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

    static String quote(String s) {
        try {
            return JSON.writeValueAsString(s);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
