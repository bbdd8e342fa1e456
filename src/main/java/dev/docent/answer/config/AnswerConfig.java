package dev.docent.answer.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Answer settings (prefix {@code docent.answer}). */
@ConfigMapping(prefix = "docent.answer")
public interface AnswerConfig {

    /**
     * Least share of the question's weighted content words a sentence must cover for the extractive answerer
     * to answer; below it the answer is {@code grounded: false}.
     */
    @WithDefault("0.3")
    double minSupport();

    /** Most sentences the extractive answerer quotes. */
    @WithDefault("3")
    int maxSentences();
}
