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
}
