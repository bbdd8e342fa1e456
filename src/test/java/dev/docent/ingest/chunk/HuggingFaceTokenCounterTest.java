package dev.docent.ingest.chunk;

import static org.assertj.core.api.Assertions.assertThat;

import dev.docent.testsupport.PostgresTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * Runs inside Quarkus: the tokenizer's native library can be loaded by one classloader per JVM only, and the
 * embedding model in the Quarkus tests loads it too.
 */
@QuarkusTest
@QuarkusTestResource(value = PostgresTestResource.class, restrictToAnnotatedClass = false)
class HuggingFaceTokenCounterTest {

    @Inject
    HuggingFaceTokenCounter counter;

    @Test
    void countsAKnownSentencePlausibly() {
        String sentence = "The quick brown fox jumps over the lazy dog near the riverbank.";
        int words = sentence.split("\\s+").length;

        int tokens = counter.count(sentence);

        assertThat(tokens).isGreaterThan(words / 2).isLessThan(3 * words);
    }

    @Test
    void excludesSpecialTokens() {
        // "hello" is a single word piece in the BERT vocabulary; [CLS]/[SEP] would make it 3.
        assertThat(counter.count("hello")).isEqualTo(1);
    }

    @Test
    void emptyIsZero() {
        assertThat(counter.count("")).isZero();
    }

    @Test
    void doesNotTruncateLongText() {
        String longText = "word ".repeat(2000);
        assertThat(counter.count(longText)).isEqualTo(2000);
    }

    @Test
    void aWordTooLongForTheTokenizerStillCountsByItsLength() {
        // the tokenizer reads any word over 100 characters as one [UNK]: 40 such words of hex would be 40 tokens
        String hex = ("0123456789abcdef".repeat(16) + " ").repeat(40);
        assertThat(counter.count(hex)).isGreaterThanOrEqualTo(hex.length() / 8);
        assertThat(counter.count("The quick brown fox jumps over the lazy dog."))
                .isEqualTo(10);
    }

    @Test
    void isUsableFromManyThreads() {
        String text = "Retrieval augmented generation combines search with language models.";
        int expected = counter.count(text);

        List<Integer> counts = IntStream.range(0, 200)
                .parallel()
                .mapToObj(i -> counter.count(text))
                .toList();

        assertThat(counts).containsOnly(expected);
    }
}
