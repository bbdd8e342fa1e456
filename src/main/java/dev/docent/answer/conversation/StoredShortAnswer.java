package dev.docent.answer.conversation;

/** A short answer as persisted with its turn (JSON); the same fields the API returned. */
public record StoredShortAnswer(String text, int marker, int charStart, int charEnd) {}
