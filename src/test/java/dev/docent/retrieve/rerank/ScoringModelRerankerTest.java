package dev.docent.retrieve.rerank;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.docent.retrieve.RerankerContract;
import dev.docent.retrieve.service.Candidate;
import dev.docent.retrieve.service.Reranker;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.output.Response;
import dev.langchain4j.model.scoring.ScoringModel;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The LangChain4j {@link ScoringModel} adapter. No cross-encoder ships with Docent (users supply one), so the
 * contract runs over a small lexical scoring model; the ONNX loader is checked for its error path.
 */
class ScoringModelRerankerTest extends RerankerContract {
    /** Scores a passage by how many query words it contains. */
    static final ScoringModel LEXICAL = new ScoringModel() {
        @Override
        public Response<List<Double>> scoreAll(List<TextSegment> segments, String query) {
            var q = QueryTerms.of(query);
            return Response.from(segments.stream()
                    .map(s -> QueryTerms.coverage(q, QueryTerms.of(s.text())))
                    .toList());
        }
    };

    @Override
    protected Reranker reranker() {
        return new ScoringModelReranker(LEXICAL, "lexical");
    }

    @Test
    void aModelThatFailsOrGivesUnusableScoresLeavesTheFusedOrder() {
        // a failing cross-encoder made every reranked search a 500; the HTTP reranker already fell back
        for (ScoringModel broken : List.<ScoringModel>of(
                (segments, query) -> Response.from(List.of(1.0)),
                (segments, query) ->
                        Response.from(segments.stream().map(x -> Double.NaN).toList()),
                (segments, query) -> {
                    throw new IllegalStateException("ONNX Runtime: invalid output shape");
                })) {
            List<Candidate> in = candidates();
            assertThat(new ScoringModelReranker(broken, "broken").rerank(QUERY, in))
                    .isSameAs(in);
        }
    }

    @Test
    void onnxCrossEncoderNeedsModelAndTokenizerFiles(@TempDir Path dir) {
        assertThatThrownBy(() -> new OnnxCrossEncoderScoringModel(dir, 512))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("model.onnx");
    }
}
