package dev.docent.answer.conversation;

import java.util.List;

/** Port: turns a follow-up question into a standalone query, given the conversation's earlier turns. */
public interface QuestionCondenser {

    /**
     * An earlier turn: the question as asked, as condensed for retrieval, and the short answer it got (null when it
     * had none or abstained).
     */
    record Turn(String question, String standalone, String shortAnswer) {
        public static Turn of(String question) {
            return new Turn(question, question, null);
        }
    }

    /** {@code history}: earlier turns, oldest first; empty for the first turn. */
    String condense(List<Turn> history, String question);

    /**
     * The standalone question and what producing it cost: an LLM condenser's tokens, priced, which count in the
     * answer's usage and the token budget like the answer's own (the condenser meters them as it calls).
     *
     */
    record Condensed(String question, dev.docent.answer.service.Usage usage) {
        public static Condensed free(String question) {
            return new Condensed(question, dev.docent.answer.service.Usage.NONE);
        }
    }

    /** {@link #condense} with its cost; free unless a provider was called. */
    default Condensed condensed(List<Turn> history, String question) {
        return Condensed.free(condense(history, question));
    }
}
