package dev.docent.answer.provider;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ProviderReplyTest {

    @Test
    void aReplyCutByTheTokenLimitEndsAtItsLastCompleteSentence() {
        assertThat(ProviderReply.withoutUnfinishedSentence(
                        "It began in 911 [1]. It was established by the treaty of Saint-Clai"))
                .isEqualTo("It began in 911 [1].");
        assertThat(ProviderReply.withoutUnfinishedSentence("It began in 911. [1] Then it gr"))
                .isEqualTo("It began in 911. [1]");
        assertThat(ProviderReply.withoutUnfinishedSentence("He said \"no.\" [2] And th"))
                .isEqualTo("He said \"no.\" [2]");
        assertThat(ProviderReply.withoutUnfinishedSentence("The Duchy of Normandy, which began in 9"))
                .isEmpty();
        assertThat(ProviderReply.withoutUnfinishedSentence("Version 2.5 was released [1]. Then"))
                .isEqualTo("Version 2.5 was released [1].");
    }
}
