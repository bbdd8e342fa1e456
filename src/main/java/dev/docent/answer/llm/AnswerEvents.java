package dev.docent.answer.llm;

import dev.docent.answer.service.Answer;

/** Receives a streamed answer: tokens, possibly a reset (discard the tokens so far), then the verified answer. */
public interface AnswerEvents {

    /** A piece of answer text, in order, from {@code answerer} (a provider's name, or {@code extractive}). */
    void token(String answerer, String text);

    /** The tokens streamed so far by {@code answerer} are discarded: its reply failed or was not grounded. */
    void reset(String answerer, String reason);

    /** The final, verified answer (its text replaces the streamed tokens when they differ). */
    void complete(Answer answer);

    /** An unexpected failure; nothing more follows. */
    void failed(Throwable error);

    /** The client went away; {@code spent}: the tokens used so far, those of the call in flight estimated. */
    default void cancelled(dev.docent.answer.service.Usage spent) {}
}
