package dev.docent.answer.llm;

import dev.docent.answer.provider.ChatProvider;
import dev.docent.answer.provider.ProviderReply;
import dev.docent.answer.service.Answer;
import dev.docent.answer.service.AnswerTelemetry;
import dev.docent.answer.service.Answerer;
import dev.docent.answer.service.Evidence;
import dev.docent.answer.service.ExtractiveAnswerer;
import dev.docent.answer.service.Usage;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * Tries the configured LLM providers in order and returns the first answer whose citations check out (or an
 * explicit "cannot answer"); a provider that fails, or whose reply is not grounded in the passages, is passed
 * over and recorded in the trail. The extractive answerer is always the last resort.
 */
public final class FailoverAnswerer implements Answerer {
    private final List<ChatProvider> providers;
    private final ExtractiveAnswerer extractive;
    private final ClaimVerifier verifier;
    private final AnswerTelemetry telemetry;

    public FailoverAnswerer(
            List<ChatProvider> providers,
            ExtractiveAnswerer extractive,
            ClaimVerifier verifier,
            AnswerTelemetry telemetry) {
        this.providers = List.copyOf(providers);
        this.extractive = extractive;
        this.verifier = verifier;
        this.telemetry = telemetry;
    }

    public List<ChatProvider> providers() {
        return providers;
    }

    public ExtractiveAnswerer extractive() {
        return extractive;
    }

    public ClaimVerifier verifier() {
        return verifier;
    }

    @Override
    public Answer answer(String question, List<Evidence> evidence) {
        return answer(question, evidence, () -> false);
    }

    /**
     * Once the caller has left (a blocking request whose connection closed), the next provider is not called: its
     * answer would reach no one and still cost tokens. The trail records {@code caller_gone} for it, and the
     * extractive answerer (free) finishes the request for the conversation's history.
     */
    @Override
    public Answer answer(String question, List<Evidence> evidence, BooleanSupplier callerGone) {
        List<Answer.Attempt> attempts = new ArrayList<>();
        Usage total = Usage.NONE;
        if (!evidence.isEmpty()) {
            for (ChatProvider provider : providers) {
                if (callerGone.getAsBoolean()) {
                    telemetry.abandoned();
                    attempts.add(new Answer.Attempt(provider.name(), "caller_gone"));
                    break;
                }
                ProviderReply reply;
                try {
                    reply = telemetry.providerCall(
                            provider.name(), () -> provider.chat(GroundedPrompt.request(question, evidence)));
                } catch (RuntimeException e) {
                    fail(provider.name(), FailureReasons.of(e), attempts);
                    continue;
                }
                Usage usage = usage(provider, reply.inputTokens(), reply.outputTokens());
                total = total.plus(usage);
                Answer answer = grounded(provider.name(), reply.text(), question, evidence, total, attempts);
                if (answer != null) {
                    return answer;
                }
            }
        }
        return extractive.answer(question, evidence).withUsage(total).withAttempts(attempts);
    }

    /** The verified answer of a provider's reply, or null (trail updated) when the reply is not grounded. */
    public Answer grounded(
            String provider,
            String reply,
            String question,
            List<Evidence> evidence,
            Usage total,
            List<Answer.Attempt> attempts) {
        ClaimVerifier.Verified v = verifier.verify(reply, question, evidence);
        if (!v.grounded() && !v.abstained()) {
            fail(provider, "ungrounded_reply", attempts);
            return null;
        }
        return new Answer(
                v.text(),
                v.grounded(),
                v.citations(),
                provider,
                null,
                v.repairs(),
                v.droppedClaims(),
                total,
                List.copyOf(attempts),
                null);
    }

    public Usage usage(ChatProvider provider, int inputTokens, int outputTokens) {
        Usage usage = new Usage(inputTokens, outputTokens, provider.pricing().cost(inputTokens, outputTokens));
        telemetry.usage(provider.name(), usage);
        return usage;
    }

    public void fail(String provider, String reason, List<Answer.Attempt> attempts) {
        telemetry.providerError(provider, reason);
        attempts.add(new Answer.Attempt(provider, reason));
    }
}
