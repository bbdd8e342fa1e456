package dev.docent.answer.service;

import java.util.List;

/** Port: builds an answer to a question from retrieved evidence, citing it. */
public interface Answerer {
    Answer answer(String question, List<Evidence> evidence);
}
