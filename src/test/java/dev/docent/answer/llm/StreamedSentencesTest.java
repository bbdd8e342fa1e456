package dev.docent.answer.llm;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class StreamedSentencesTest {

    @Test
    void sentencesAreReleasedByTheAnswerersRulesWithTheMarkersAfterThem() {
        // "U.S." ends no sentence (the stream had cut there and dropped "U.S." as a sentence of its own)
        assertThat(StreamingAnswerer.lastSentenceEnd("Prices in the U.S. rose")).isZero();
        // "[1]" after the full stop belongs to the sentence before it, not to the next one
        String two = "Employees get 25 vacation days per year. [1] Unused days";
        assertThat(two.substring(0, StreamingAnswerer.lastSentenceEnd(two)))
                .isEqualTo("Employees get 25 vacation days per year. [1] ");
        assertThat(StreamingAnswerer.lastSentenceEnd("One sentence so far [1]."))
                .isZero();
    }
}
