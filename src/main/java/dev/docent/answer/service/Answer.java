package dev.docent.answer.service;

import java.util.List;

/**
 * An answer with its citations.
 *
 * @param grounded false when the evidence did not support an answer; then {@code text} says so
 * @param answerer which answerer produced it (e.g. "extractive")
 */
public record Answer(String text, boolean grounded, List<Citation> citations, String answerer) {}
