package dev.docent.answer.config;

import dev.docent.answer.service.Answerer;
import dev.docent.answer.service.ExtractiveAnswerer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

/** Wires the answerer; the extractive one needs no LLM and is the default. */
public class AnswerBeans {

    @Produces
    @ApplicationScoped
    Answerer answerer(AnswerConfig config) {
        return new ExtractiveAnswerer(config.minSupport(), config.maxSentences());
    }
}
