package dev.docent.retrieve.rerank;

import static org.assertj.core.api.Assertions.assertThat;

import dev.docent.retrieve.RerankerContract;
import dev.docent.retrieve.config.RetrieveConfig;
import dev.docent.retrieve.service.Candidate;
import dev.docent.retrieve.service.Reranker;
import java.util.List;
import org.junit.jupiter.api.Test;

class FeatureRerankerTest extends RerankerContract {
    static RetrieveConfig.Features weights(double dense, double bm25, double coverage, double title) {
        return new RetrieveConfig.Features() {
            @Override
            public double dense() {
                return dense;
            }

            @Override
            public double bm25() {
                return bm25;
            }

            @Override
            public double coverage() {
                return coverage;
            }

            @Override
            public double title() {
                return title;
            }
        };
    }

    @Override
    protected Reranker reranker() {
        return new FeatureReranker(weights(1.0, 0.3, 0.1, 0.05));
    }

    @Test
    void normalisesMinMaxAndGivesMissingValuesTheMinimum() {
        List<Candidate> c = candidates();
        List<Candidate> in =
                List.of(c.get(0), c.get(1).withScore(0), new Candidate(c.get(2).chunk(), null, 3.0, 0, 3, 0));
        double[] dense = FeatureReranker.normalised(in, Candidate::vectorScore);
        // dense scores 0.75 and 0.74; the third is missing
        assertThat(dense).containsExactly(1.0, 0.0, 0.0);
    }

    @Test
    void termCoverageUsesPrefixStems() {
        var q = QueryTerms.of("Proteins of the immune system");
        assertThat(q).containsExactly("prote", "immun", "syste");
        assertThat(QueryTerms.coverage(q, QueryTerms.of("a protein in immunity")))
                .isEqualTo(2.0 / 3);
    }

    @Test
    void withOnlyTheDenseWeightItSortsByCosine() {
        List<Candidate> out = new FeatureReranker(weights(1, 0, 0, 0)).rerank(QUERY, candidates());
        for (int i = 1; i < out.size(); i++) {
            assertThat(out.get(i).vectorScore())
                    .isLessThanOrEqualTo(out.get(i - 1).vectorScore());
        }
    }
}
