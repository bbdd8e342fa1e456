package dev.docent.answer.service;

import java.util.List;

/**
 * An answer with its citations.
 *
 * @param grounded false when the evidence did not support an answer; then {@code text} says so
 * @param answerer which answerer produced it (e.g. "extractive", "openai")
 * @param support how well the best evidence covers the question, in [0, 1] (extractive answerer), or null
 * @param repairs citations of an LLM answer that did not check out and were re-anchored
 * @param droppedClaims claims of an LLM answer that no retrieved passage supports, removed from the text
 * @param usage tokens and estimated cost of the provider calls made for this answer
 * @param attempts answerers tried before this one, in order, with why each was passed over
 * @param shortAnswer the few words of the best quoted sentence that answer the question, or null
 */
public record Answer(
        String text,
        boolean grounded,
        List<Citation> citations,
        String answerer,
        Double support,
        List<CitationRepair> repairs,
        List<String> droppedClaims,
        Usage usage,
        List<Attempt> attempts,
        ShortAnswer shortAnswer) {

    public Answer(String text, boolean grounded, List<Citation> citations, String answerer) {
        this(text, grounded, citations, answerer, null, List.of(), List.of(), Usage.NONE, List.of(), null);
    }

    public Answer withSupport(double value) {
        return new Answer(
                text, grounded, citations, answerer, value, repairs, droppedClaims, usage, attempts, shortAnswer);
    }

    public Answer withUsage(Usage value) {
        return new Answer(
                text, grounded, citations, answerer, support, repairs, droppedClaims, value, attempts, shortAnswer);
    }

    public Answer withAttempts(List<Attempt> value) {
        return new Answer(
                text,
                grounded,
                citations,
                answerer,
                support,
                repairs,
                droppedClaims,
                usage,
                List.copyOf(value),
                shortAnswer);
    }

    public Answer withShortAnswer(ShortAnswer value) {
        return new Answer(text, grounded, citations, answerer, support, repairs, droppedClaims, usage, attempts, value);
    }

    /**
     * A span of a citation's quote that answers the question in a few words ("1066").
     *
     * @param marker the citation whose quote holds it
     * @param charStart start in the document's extracted text, as the citation's offsets
     * @param charEnd end (exclusive)
     */
    public record ShortAnswer(String text, int marker, int charStart, int charEnd) {}

    /**
     * An answerer that was tried and passed over.
     *
     * @param reason stable code: {@code rate_limited}, {@code server_error}, {@code timeout}, {@code circuit_open},
     *     {@code rejected_request}, {@code malformed_reply}, {@code ungrounded_reply}, {@code error}
     */
    public record Attempt(String answerer, String reason) {}
}
