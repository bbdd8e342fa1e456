package dev.docent.ingest.embed;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;

import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Replies of the OpenAI ({@code /v1/embeddings}) and Ollama ({@code /api/embed}) embedding APIs, as they send them. */
public final class EmbeddingStubs {
    private EmbeddingStubs() {}

    public static MappingBuilder openAi() {
        return post(urlEqualTo("/openai/v1/embeddings"));
    }

    public static MappingBuilder ollama() {
        return post(urlEqualTo("/ollama/api/embed"));
    }

    /** Requests with exactly {@code n} inputs (batches of at most 2 here). */
    public static MappingBuilder inputs(MappingBuilder stub, int n) {
        stub = stub.withRequestBody(matchingJsonPath("$.input[" + (n - 1) + "]"));
        return n == 1 ? stub.atPriority(5) : stub.atPriority(1);
    }

    /** A unit vector of 384 dimensions along {@code axis}. */
    public static float[] axis(int axis) {
        float[] v = new float[384];
        v[axis] = 1f;
        return v;
    }

    public static ResponseDefinitionBuilder openAiReply(float[]... vectors) {
        int[] indexes = new int[vectors.length];
        for (int i = 0; i < vectors.length; i++) {
            indexes[i] = i;
        }
        return openAiReply(indexes, vectors);
    }

    /** A reply whose items carry these indexes, in this order (the API pairs each vector with its input by index). */
    public static ResponseDefinitionBuilder openAiReply(int[] indexes, float[]... vectors) {
        List<String> data = new ArrayList<>();
        for (int i = 0; i < vectors.length; i++) {
            data.add("{\"object\":\"embedding\",\"index\":" + indexes[i] + ",\"embedding\":" + array(vectors[i]) + "}");
        }
        return json("{\"object\":\"list\",\"data\":[" + String.join(",", data)
                + "],\"model\":\"text-embedding-test\",\"usage\":{\"prompt_tokens\":8,\"total_tokens\":8}}");
    }

    public static ResponseDefinitionBuilder ollamaReply(float[]... vectors) {
        List<String> out = new ArrayList<>();
        for (float[] v : vectors) {
            out.add(array(v));
        }
        return json("{\"model\":\"nomic-test\",\"embeddings\":[" + String.join(",", out)
                + "],\"total_duration\":1000,\"load_duration\":10,\"prompt_eval_count\":8}");
    }

    public static ResponseDefinitionBuilder error(int status, String body) {
        return aResponse()
                .withStatus(status)
                .withHeader("Content-Type", "application/json")
                .withBody(body);
    }

    static ResponseDefinitionBuilder json(String body) {
        return aResponse()
                .withStatus(200)
                .withHeader("Content-Type", "application/json")
                .withBody(body);
    }

    static String array(float[] v) {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < v.length; i++) {
            if (i > 0) {
                sb.append(',');
            }
            sb.append(String.format(Locale.ROOT, "%.6f", v[i]));
        }
        return sb.append(']').toString();
    }
}
