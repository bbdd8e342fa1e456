package dev.docent.answer.provider;

/** USD per 1M input and output tokens. */
public record Pricing(double inputPerMTok, double outputPerMTok) {
    public double cost(int inputTokens, int outputTokens) {
        return (inputTokens * inputPerMTok + outputTokens * outputPerMTok) / 1_000_000.0;
    }
}
