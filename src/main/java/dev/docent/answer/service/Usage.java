package dev.docent.answer.service;

/**
 * Tokens used by provider calls and their estimated cost (prices per 1M tokens from config).
 *
 * @param costUsd estimated cost in US dollars
 */
public record Usage(int inputTokens, int outputTokens, double costUsd) {
    public static final Usage NONE = new Usage(0, 0, 0);

    public Usage plus(Usage other) {
        return new Usage(inputTokens + other.inputTokens, outputTokens + other.outputTokens, costUsd + other.costUsd);
    }

    public int totalTokens() {
        return inputTokens + outputTokens;
    }
}
