package dev.docent.answer.service;

import java.util.List;

/**
 * Port: how close in meaning each sentence is to a question, as the cosine similarity of their vectors in one
 * embedding model. The extractive answerer uses it to order its best sentences ({@link SentenceRanking}).
 */
@FunctionalInterface
public interface SentenceSimilarity {

    /** One cosine per sentence, in their order. */
    double[] of(String question, List<String> sentences);
}
