package dev.docent.answer.service;

/**
 * A citation of an LLM answer that did not check out and was re-anchored to the best matching span.
 *
 * @param marker the marker of the repaired citation in the returned answer
 * @param claim the claim it supports
 * @param citedPassage the passage number the model cited, null when it cited none
 * @param anchoredPassage the passage number the claim was re-anchored to
 * @param reason {@code unsupported} (cited passage does not support the claim), {@code quote_not_found} (quoted
 *     text is not in the cited passage), {@code unknown_passage} (no such passage) or {@code missing_marker}
 */
public record CitationRepair(int marker, String claim, Integer citedPassage, int anchoredPassage, String reason) {}
