package dev.docent.retrieve.rerank;

import static org.assertj.core.api.Assertions.assertThat;

import dev.docent.retrieve.RerankerContract;
import dev.docent.retrieve.config.RetrieveConfig;
import dev.docent.retrieve.service.Candidate;
import dev.docent.retrieve.service.Reranker;
import dev.docent.retrieve.service.RetrievedChunk;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class FeatureRerankerTest extends RerankerContract {
    static RetrieveConfig.Features weights(double dense, double bm25, double coverage, double title) {
        return weights(dense, bm25, coverage, title, 0);
    }

    static RetrieveConfig.Features weights(
            double dense, double bm25, double coverage, double title, double identifier) {
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

            @Override
            public double identifier() {
                return identifier;
            }
        };
    }

    @Override
    protected Reranker reranker() {
        return new FeatureReranker(weights(1.0, 0.3, 0.1, 0.05, 1.5));
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
    void identifiersAreKeptWholeAndTheChunkHoldingTheQuerysIdentifierWins() {
        assertThat(QueryTerms.of("order 100013 of part ab12345x"))
                .containsExactly("order", "100013", "part", "ab12345x");
        assertThat(QueryTerms.identifiers(QueryTerms.of("order 100013 of p53 in 2024, item 7")))
                .containsExactly("100013", "p53", "2024");

        // look-alike table rows: the dense model prefers a neighbour of the row the query names
        List<Candidate> rows = List.of(
                row(1, "100017\tCustomer 12\tPoland\tgearbox\t3", 0.81, 2.0),
                row(2, "100013\tCustomer 88\tSpain\tseal kit\t15", 0.62, 1.4),
                row(3, "100019\tCustomer 40\tItaly\trotor\t9", 0.79, 1.9));
        List<Candidate> out = new FeatureReranker(weights(1.0, 0.3, 0.1, 0.05, 1.5))
                .rerank("What product was in order 100013?", rows);
        assertThat(out.get(0).chunk().chunkId()).isEqualTo(2);
        List<Candidate> without =
                new FeatureReranker(weights(1.0, 0.3, 0.1, 0.05, 0)).rerank("What product was in order 100013?", rows);
        assertThat(without.get(0).chunk().chunkId()).isEqualTo(1);
    }

    @Test
    void acronymsAndCoinedNamesAreIdentifiersToo() {
        assertThat(QueryTerms.coined("What is RMJM?")).containsExactly("rmjm");
        assertThat(QueryTerms.coined("How does the MicroStressBot move?")).containsExactly("micro");
        assertThat(QueryTerms.coined("What is the Duchy of Normandy?")).isEmpty(); // capitalised, not coined
        assertThat(QueryTerms.coined("Is p53 in the DNA?")).containsExactly("dna"); // p53 is an identifier already

        // found by an audit: hybrid search put lorem ipsum first, and the one chunk naming RMJM (first by BM25 alone)
        // did not reach the answer's five
        List<Candidate> hits = List.of(
                row(1, "Maecenas nisl odio, pulvinar a massa et, rutrum dignissim ligula.", 0.52, null),
                row(2, "RMJM was appointed to realise the design of the building.", 0.31, 7.5),
                row(3, "058 Czech Republic 059 Denmark 060 Djibouti", 0.55, null));
        FeatureReranker reranker = new FeatureReranker(weights(1.0, 0.3, 0.1, 0.05, 1.5));
        assertThat(reranker.rerank("What is RMJM?", hits).get(0).chunk().chunkId())
                .isEqualTo(2);
        // written in lower case it is no acronym, and the dense order stands; so it does in a long query, whose
        // other words the dense model can read
        assertThat(reranker.rerank("what is rmjm", hits).get(0).chunk().chunkId())
                .isEqualTo(3);
        String longQuery = "Which architecture firm did the parliament appoint as RMJM for its new building?";
        assertThat(reranker.rerank(longQuery, hits).get(0).chunk().chunkId()).isEqualTo(3);
    }

    private static Candidate row(long id, String text, double cosine, Double bm25) {
        RetrievedChunk chunk = new RetrievedChunk(
                id,
                UUID.randomUUID(),
                "orders.csv",
                0,
                text,
                0,
                text.length(),
                null,
                null,
                List.of(),
                List.of(),
                null,
                0,
                cosine);
        return new Candidate(chunk, cosine, bm25, (int) id, (int) id, 0);
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
