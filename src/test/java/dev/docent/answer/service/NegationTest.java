package dev.docent.answer.service;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class NegationTest {

    @ParameterizedTest
    @ValueSource(
            strings = {
                "Which drug was not approved?",
                "What happens if a member doesn't vote?",
                "Who never signed the treaty?",
                "Which region had no king?",
                "What can be done without a key?",
                "Why can\u2019t the service start?"
            })
    void explicitNegatorsMakeAQuestionNegated(String question) {
        assertThat(Negation.inQuestion(question)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"Which drug was approved?", "Who is the notary?", "What does the knot do?"})
    void questionsWithoutANegatorAreNot(String question) {
        assertThat(Negation.inQuestion(question)).isFalse();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "The crown's refusal to allow non-Catholics to settle slowed growth.",
                "The parliament is unable to legislate on reserved issues.",
                "The trial failed to show a benefit.",
                "All members except the chair voted.",
                "The ministry was of little significance and lacked real power.",
                "It was not approved."
            })
    void negationCarriedInAWordCountsInASentence(String sentence) {
        assertThat(Negation.inSentence(sentence)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "The United Nations met under the new rules until June.",
                "The university is unique in the union.",
                "The agency approved drug A."
            })
    void wordsThatMerelyStartLikeANegationDoNot(String sentence) {
        assertThat(Negation.inSentence(sentence)).isFalse();
    }

    @Test
    void anExplicitNegatorCountsInASentenceToo() {
        assertThat(Negation.inSentence("Nobody came.")).isTrue();
    }
}
