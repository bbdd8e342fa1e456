package dev.docent.answer.provider;

import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.output.FinishReason;
import dev.langchain4j.model.output.TokenUsage;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A provider's full reply: its text and the tokens it reported (0 when it reported none).
 *
 * @param finished whether the provider said why it stopped (a finish or stop reason); a stream that ends without one
 *     was cut off
 * @param truncated whether the model stopped for lack of tokens; {@code text} has lost its unfinished sentence
 */
public record ProviderReply(String text, int inputTokens, int outputTokens, boolean finished, boolean truncated) {

    /** The end of a sentence, with the markers that may follow it: "... 911. [1]", "... 911 [1]." */
    private static final Pattern SENTENCE_END =
            Pattern.compile("[.!?\u3002](?:[\"'\u201D\u2019)\\]]*)(?:\\s*\\[\\d+])*(?=\\s|$)|\\[\\d+][.!?](?=\\s|$)");

    /**
     * The reply of a response. One the model stopped for lack of tokens ({@code length}, {@code max_tokens}) ends
     * mid-sentence: its unfinished last sentence is left out, so it is never verified or shown as a claim.
     */
    public static ProviderReply of(ChatResponse response) {
        String text = response.aiMessage() == null ? null : response.aiMessage().text();
        TokenUsage usage = response.tokenUsage();
        FinishReason reason =
                response.metadata() == null ? null : response.metadata().finishReason();
        text = text == null ? "" : text;
        if (reason == FinishReason.LENGTH) {
            text = withoutUnfinishedSentence(text);
        }
        return new ProviderReply(
                text,
                usage == null || usage.inputTokenCount() == null ? 0 : usage.inputTokenCount(),
                usage == null || usage.outputTokenCount() == null ? 0 : usage.outputTokenCount(),
                reason != null,
                reason == FinishReason.LENGTH);
    }

    /** The text up to the end of its last complete sentence; empty when it has none. */
    static String withoutUnfinishedSentence(String text) {
        Matcher m = SENTENCE_END.matcher(text);
        int end = 0;
        while (m.find()) {
            end = m.end();
        }
        return text.substring(0, end);
    }
}
