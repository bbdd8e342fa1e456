package dev.docent.answer.service;

import java.util.regex.Pattern;

/**
 * Questions about a document as a whole ("What is the paper about?", "Summarize this document", "What does the
 * report propose?", "What are the main findings?"). They share no words with the sentences that answer them, so
 * the extractive answerer answers them from the start of the document (its abstract or lead) instead of by
 * overlap, and the answer service adds the document's first chunks to the evidence.
 */
public final class OverviewIntent {

    private static final String DOC = "(?:document|paper|article|report|file|text|book|study|thesis|presentation"
            + "|deck|memo|e-?mail|letter|page|chapter|policy|contract|manual|guide|spec|specification|publication"
            + "|proposal|whitepaper|white paper|note|notes|essay|story|speech|talk)s?";

    private static final String THE = "(?:this|the|that|these|those|your|our)\\s+(?:\\w+\\s+){0,2}";

    private static final Pattern QUESTION = Pattern.compile("(?i)^\\s*(?:"
            + "what(?:'s|\\s+is|\\s+are|\\s+was|\\s+were)\\s+" + THE + DOC + "\\s+(?:about|on)"
            + "|what\\s+(?:does|do|did)\\s+" + THE + DOC + "\\s+(?:propose|present|describe|discuss|cover"
            + "|say|show|argue|introduce|study|investigate|examine|conclude|find|contain|explain|report)"
            + "|(?:please\\s+)?(?:summari[sz]e|sum\\s+up|give\\s+(?:me\\s+)?(?:an?\\s+)?(?:overview|summary)"
            + "(?:\\s+of)?|overview\\s+of|summary\\s+of|tl;?\\s*dr(?:\\s+of)?)(?:\\s+" + THE + DOC + ")?"
            + "|what\\s+(?:is|are|were)\\s+(?:the\\s+)?(?:main|key)\\s+(?:points?|ideas?|findings?|contributions?"
            + "|takeaways?|conclusions?|results?|topics?)(?:\\s+of\\s+" + THE + DOC + ")?"
            + ")\\s*(?:in\\s+it|in\\s+short|briefly)?\\s*[?.!]*\\s*$");

    private OverviewIntent() {}

    /** Whether {@code question} asks what a document is about as a whole. */
    public static boolean matches(String question) {
        return question != null
                && question.length() <= 200
                && QUESTION.matcher(question).matches();
    }
}
