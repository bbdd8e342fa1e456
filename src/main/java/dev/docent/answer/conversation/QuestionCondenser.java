package dev.docent.answer.conversation;

import java.util.List;

/** Port: turns a follow-up question into a standalone query, given the conversation's earlier questions. */
public interface QuestionCondenser {

    /** {@code history}: earlier standalone questions, oldest first; empty for the first turn. */
    String condense(List<String> history, String question);
}
