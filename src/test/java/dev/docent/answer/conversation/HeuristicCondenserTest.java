package dev.docent.answer.conversation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.docent.answer.conversation.QuestionCondenser.Turn;
import java.util.List;
import org.junit.jupiter.api.Test;

class HeuristicCondenserTest {
    private final HeuristicCondenser condenser = new HeuristicCondenser();
    private static final List<Turn> HISTORY = List.of(Turn.of("How many vacation days do employees get?"));

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
        List<Turn> history = List.of(Turn.of("What are the transition voltages of the steering arm?"));
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
    void aShortQuestionThatNamesItsOwnSubjectIsKept() {
        // found by an audit: these got the previous topic appended, and were answered from it or abstained
        List<Turn> history = List.of(
                Turn.of("Who designed the Scottish Parliament building?"),
                new Turn("When was it opened?", "When was it opened? Scottish Parliament building", "9 October 2004"));
        for (String q : List.of("What is a MicroStressBot?", "What is circuit switching?", "Who founded Google?")) {
            assertThat(condenser.condense(history, q)).isEqualTo(q);
        }
    }

    @Test
    void aFollowUpWithWordsOfItsOwnGetsThePreviousTopicNotItsAction() {
        List<Turn> history = List.of(Turn.of("Who designed the Scottish Parliament building?"));
        assertThat(condenser.condense(history, "When was it opened?"))
                .isEqualTo("When was it opened? Scottish Parliament building");
    }

    @Test
    void aFollowUpThatNamesNothingGetsThePreviousQuestionWhole() {
        List<Turn> history = List.of(
                Turn.of("What is the Duchy of Normandy?"),
                new Turn("Who founded it?", "Who founded it? Duchy Normandy", "Rollo"));
        assertThat(condenser.condense(history, "When was that?")).isEqualTo("When was that? founded Duchy Normandy");
        assertThat(condenser.condense(history, "How often?")).isEqualTo("How often? founded Duchy Normandy");
    }

    @Test
    void aPersonalPronounAfterAWhoQuestionGetsTheNameThatAnsweredIt() {
        List<Turn> history = List.of(new Turn(
                "Who is credited with coining the name packet switching?",
                "Who is credited with coining the name packet switching?",
                "Donald Davies"));
        String second = condenser.condense(history, "Where did he work?");
        assertThat(second).startsWith("Where did he work? Donald Davies").contains("packet switching");

        // the next follow-up keeps the person, not the previous question's own words ("work")
        List<Turn> longer = List.of(history.get(0), new Turn("Where did he work?", second, "NPL"));
        assertThat(condenser.condense(longer, "When did he give a talk on the proposal?"))
                .startsWith("When did he give a talk on the proposal? Donald Davies")
                .doesNotContain("work");
    }

    @Test
    void wordsThatOnlyFrameAQuestionAreNotCarriedOn() {
        List<Turn> direct = List.of(Turn.of("What did OPEC do on October 16, 1973?"));
        String next = condenser.condense(direct, "What happened the following day?");
        assertThat(next).isEqualTo("What happened the following day? OPEC October 16 1973");
        List<Turn> history = List.of(direct.get(0), new Turn("What happened the following day?", next, null));
        // its own date replaces the earlier one; "happened" and "following" are not carried on
        assertThat(condenser.condense(history, "And on October 19?")).isEqualTo("And on October 19? OPEC");
        assertThat(condenser.condense(direct, "And on October 19?")).isEqualTo("And on October 19? OPEC");
    }

    @Test
    void usesTheLatestTurn() {
        List<Turn> history =
                List.of(Turn.of("How many vacation days do employees get?"), Turn.of("Is remote work allowed?"));
        assertThat(condenser.condense(history, "How often?")).isEqualTo("How often? remote work allowed");
    }
}
