package dev.docent.answer.provider;

import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.output.TokenUsage;

/** A provider's full reply: its text and the tokens it reported (0 when it reported none). */
public record ProviderReply(String text, int inputTokens, int outputTokens) {

    public static ProviderReply of(ChatResponse response) {
        String text = response.aiMessage() == null ? null : response.aiMessage().text();
        TokenUsage usage = response.tokenUsage();
        return new ProviderReply(
                text == null ? "" : text,
                usage == null || usage.inputTokenCount() == null ? 0 : usage.inputTokenCount(),
                usage == null || usage.outputTokenCount() == null ? 0 : usage.outputTokenCount());
    }
}
