package dev.docent.retrieve.rerank;

import static org.assertj.core.api.Assertions.assertThat;

import dev.docent.retrieve.RerankerContract;
import dev.docent.retrieve.service.Reranker;
import dev.langchain4j.data.segment.TextSegment;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The ONNX cross-encoder adapter, run through ONNX Runtime with a real tokenizer and a real ONNX graph that has
 * an exported cross-encoder's inputs and outputs (see {@link LexicalOnnxCrossEncoder}; no trained cross-encoder
 * can be downloaded here). Proves the pair encoding, the input tensors, the logits read-out and the adapter
 * contract; ranking quality of a trained model is the user's to measure with the eval harness.
 */
class OnnxCrossEncoderRerankerTest extends RerankerContract {
    private static Path dir;
    private static OnnxCrossEncoderScoringModel model;

    @BeforeAll
    static void load() throws IOException {
        dir = LexicalOnnxCrossEncoder.writeTo(Files.createTempDirectory("cross-encoder"));
        model = new OnnxCrossEncoderScoringModel(dir, 512);
    }

    @AfterAll
    static void close() throws Exception {
        model.close();
        try (var files = Files.list(dir)) {
            for (Path f : files.toList()) {
                Files.delete(f);
            }
        }
        Files.delete(dir);
    }

    @Override
    protected Reranker reranker() {
        return new ScoringModelReranker(model, "onnx-cross-encoder");
    }

    @Test
    void scoresCountPassageTokensFoundInTheQueryThroughTheOnnxGraph() {
        List<Double> scores = model.scoreAll(
                        List.of(
                                TextSegment.from("vaccines immune"),
                                TextSegment.from("sourdough starter"),
                                TextSegment.from("vaccines vaccines immune")),
                        "vaccines and the immune system")
                .content();
        // each passage ends with [SEP], which also closes the query segment: one shared token for every pair
        assertThat(scores).containsExactly(3.0, 1.0, 4.0);
    }

    @Test
    void longPassagesAreTruncatedToTheModelLimit() {
        String longPassage = "immune ".repeat(2_000);
        double score = model.scoreAll(List.of(TextSegment.from(longPassage)), "immune")
                .content()
                .get(0);
        // 512 tokens in all: [CLS] immune [SEP] on the query side, 508 x immune + [SEP] on the passage side
        assertThat(score).isEqualTo(512 - 3);
    }
}
