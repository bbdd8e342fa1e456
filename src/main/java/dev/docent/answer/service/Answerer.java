package dev.docent.answer.service;

import java.util.List;
import java.util.function.BooleanSupplier;

/** Port: builds an answer to a question from retrieved evidence, citing it. */
public interface Answerer {
    Answer answer(String question, List<Evidence> evidence);

    /**
     * The same, for a caller that may leave before the answer is ready: an answerer that calls paid providers one
     * after another calls no further one once {@code callerGone} says so.
     */
    default Answer answer(String question, List<Evidence> evidence, BooleanSupplier callerGone) {
        return answer(question, evidence);
    }
}
