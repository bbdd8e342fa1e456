package dev.docent.retrieve;

import static org.assertj.core.api.Assertions.assertThat;

import dev.docent.retrieve.service.Candidate;
import dev.docent.retrieve.service.Reranker;
import dev.docent.retrieve.service.RetrievedChunk;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** What every {@link Reranker} adapter promises: a permutation of its input, best first by its own scores. */
public abstract class RerankerContract {
    public static final String QUERY = "how do vaccines train the immune system";
    public static final List<String> TEXTS = List.of(
            "The goalkeeper saved a penalty in the final minute.",
            "Sourdough needs a lively starter.",
            "Vaccines train the immune system to recognise a pathogen before infection.",
            "Wind turbines turn moving air into electricity.",
            "The immune system remembers pathogens after an infection.");

    /** The adapter under test. */
    protected abstract Reranker reranker();

    /** Candidates in a deliberately poor fused order (the relevant ones last). */
    public static List<Candidate> candidates() {
        List<Candidate> out = new ArrayList<>();
        for (int i = 0; i < TEXTS.size(); i++) {
            RetrievedChunk c = new RetrievedChunk(
                    100 + i,
                    UUID.nameUUIDFromBytes(new byte[] {(byte) i}),
                    "doc " + i,
                    0,
                    TEXTS.get(i),
                    0,
                    TEXTS.get(i).length(),
                    null,
                    null,
                    List.of(),
                    List.of(),
                    null,
                    1.0 / (60 + i + 1),
                    null);
            boolean relevant = TEXTS.get(i).contains("immune");
            out.add(new Candidate(
                    c, relevant ? 0.80 : 0.75 - 0.01 * i, relevant ? 4.0 : 0.5, i + 1, i + 1, 1.0 / (60 + i + 1)));
        }
        return out;
    }

    @Test
    void returnsAPermutationBestFirst() {
        List<Candidate> in = candidates();
        List<Candidate> out = reranker().rerank(QUERY, in);
        assertThat(out)
                .extracting(c -> c.chunk().chunkId())
                .containsExactlyInAnyOrderElementsOf(
                        in.stream().map(c -> c.chunk().chunkId()).toList());
        for (int i = 1; i < out.size(); i++) {
            assertThat(out.get(i).score()).isLessThanOrEqualTo(out.get(i - 1).score());
        }
    }

    @Test
    void emptyInputGivesEmptyOutput() {
        assertThat(reranker().rerank(QUERY, List.of())).isEmpty();
    }

    @Test
    void putsARelevantPassageFirst() {
        assertThat(reranker().rerank(QUERY, candidates()).get(0).chunk().text()).contains("immune");
    }

    @Test
    void hasAName() {
        assertThat(reranker().name()).isNotBlank();
    }
}
