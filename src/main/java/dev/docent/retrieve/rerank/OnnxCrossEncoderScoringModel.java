package dev.docent.retrieve.rerank;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.output.Response;
import dev.langchain4j.model.scoring.ScoringModel;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A cross-encoder (e.g. ms-marco-MiniLM-L-6-v2 exported to ONNX) from a user-supplied directory holding
 * {@code model.onnx} and {@code tokenizer.json}. Nothing is downloaded. The score is the first logit.
 */
public class OnnxCrossEncoderScoringModel implements ScoringModel, AutoCloseable {
    private final OrtEnvironment env;
    private final OrtSession session;
    private final HuggingFaceTokenizer tokenizer;

    public OnnxCrossEncoderScoringModel(Path directory, int maxTokens) {
        Path model = directory.resolve("model.onnx");
        Path tokenizerJson = directory.resolve("tokenizer.json");
        if (!Files.isRegularFile(model) || !Files.isRegularFile(tokenizerJson)) {
            throw new IllegalArgumentException(
                    "cross-encoder directory must contain model.onnx and tokenizer.json: " + directory);
        }
        try {
            this.tokenizer = HuggingFaceTokenizer.builder()
                    .optTokenizerPath(tokenizerJson)
                    .optMaxLength(maxTokens)
                    .optTruncation(true)
                    .optPadding(false)
                    .build();
            this.env = OrtEnvironment.getEnvironment();
            this.session = env.createSession(model.toString(), new OrtSession.SessionOptions());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (OrtException e) {
            throw new IllegalStateException("cannot load cross-encoder " + model, e);
        }
    }

    @Override
    public Response<List<Double>> scoreAll(List<TextSegment> segments, String query) {
        List<Double> scores = new ArrayList<>(segments.size());
        for (TextSegment segment : segments) {
            scores.add(scorePair(query, segment.text()));
        }
        return Response.from(scores);
    }

    private double scorePair(String query, String passage) {
        Encoding e = tokenizer.encode(query, passage);
        long[][] ids = {e.getIds()};
        long[][] mask = {e.getAttentionMask()};
        long[][] types = {e.getTypeIds()};
        Map<String, OnnxTensor> inputs = new HashMap<>();
        try {
            inputs.put("input_ids", OnnxTensor.createTensor(env, ids));
            inputs.put("attention_mask", OnnxTensor.createTensor(env, mask));
            if (session.getInputNames().contains("token_type_ids")) {
                inputs.put("token_type_ids", OnnxTensor.createTensor(env, types));
            }
            try (OrtSession.Result result = session.run(inputs)) {
                float[][] logits = (float[][]) result.get(0).getValue();
                return logits[0][0];
            }
        } catch (OrtException ex) {
            throw new IllegalStateException("cross-encoder inference failed", ex);
        } finally {
            inputs.values().forEach(OnnxTensor::close);
        }
    }

    @Override
    public void close() throws OrtException {
        session.close();
        tokenizer.close();
    }
}
