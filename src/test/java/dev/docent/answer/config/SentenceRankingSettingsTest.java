package dev.docent.answer.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.docent.answer.service.SentenceRanking;
import org.junit.jupiter.api.Test;

/** {@code docent.answer.sentences.*}: an in-process model or none; a remote or unknown one fails the start. */
class SentenceRankingSettingsTest {

    private static AnswerConfig.Sentences settings(String model, double weight, int depth) {
        return new AnswerConfig.Sentences() {
            @Override
            public String model() {
                return model;
            }

            @Override
            public double weight() {
                return weight;
            }

            @Override
            public int depth() {
                return depth;
            }
        };
    }

    @Test
    void anInProcessModelRanks() {
        SentenceRanking ranking = AnswerBeans.sentenceRanking(settings("bge-small-en-v1.5-q", 0.6, 8), null);
        assertThat(ranking.weight()).isEqualTo(0.6);
        assertThat(ranking.depth()).isEqualTo(8);
        assertThat(ranking.similarity()).isNotNull();
    }

    @Test
    void noneZeroWeightOrZeroDepthOrdersByWordsAlone() {
        assertThat(AnswerBeans.sentenceRanking(settings("none", 0.6, 8), null)).isSameAs(SentenceRanking.NONE);
        assertThat(AnswerBeans.sentenceRanking(settings("bge-small-en-v1.5-q", 0, 8), null))
                .isSameAs(SentenceRanking.NONE);
        assertThat(AnswerBeans.sentenceRanking(settings("bge-small-en-v1.5-q", 0.6, 0), null))
                .isSameAs(SentenceRanking.NONE);
    }

    @Test
    void aRemoteOrUnknownModelIsRefusedByName() {
        assertThatThrownBy(() -> AnswerBeans.sentenceRanking(settings("openai:text-embedding-3-small", 0.6, 8), null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("docent.answer.sentences.model")
                .hasMessageContaining("bge-small-en-v1.5-q");
    }
}
