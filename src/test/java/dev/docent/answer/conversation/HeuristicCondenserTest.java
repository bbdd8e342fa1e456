package dev.docent.answer.conversation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class HeuristicCondenserTest {
    private final HeuristicCondenser condenser = new HeuristicCondenser();
    private static final List<String> HISTORY = List.of("How many vacation days do employees get?");

    @Test
    void firstQuestionIsUsedAsIs() {
        assertThat(condenser.condense(List.of(), "And contractors?")).isEqualTo("And contractors?");
    }

    @Test
    void shortOrPronounLedFollowUpCarriesThePreviousContentWords() {
        assertThat(condenser.condense(HISTORY, "And contractors?"))
                .isEqualTo("And contractors? vacation days employees get");
        assertThat(condenser.condense(HISTORY, "When do they expire if unused?"))
                .isEqualTo("When do they expire if unused? vacation days employees get");
        assertThat(condenser.condense(HISTORY, "What about remote work for contractors?"))
                .isEqualTo("What about remote work for contractors? vacation days employees get");
    }

    @Test
    void aPronounAnywhereInALongerFollowUpCarriesThePreviousContentWords() {
        List<String> history = List.of("What are the transition voltages of the steering arm?");
        assertThat(condenser.condense(history, "What happens when the voltage is raised above them?"))
                .isEqualTo("What happens when the voltage is raised above them? transition steering arm");
        assertThat(condenser.condense(HISTORY, "Can employees carry its unused part over to next year?"))
                .endsWith("next year? vacation days get");
    }

    @Test
    void selfContainedQuestionIsKept() {
        String q = "Is remote work allowed with manager approval?";
        assertThat(condenser.condense(HISTORY, q)).isEqualTo(q);
    }

    @Test
    void usesTheLatestTurn() {
        List<String> history = List.of("How many vacation days do employees get?", "Is remote work allowed?");
        assertThat(condenser.condense(history, "How often?")).isEqualTo("How often? remote work allowed");
    }
}
