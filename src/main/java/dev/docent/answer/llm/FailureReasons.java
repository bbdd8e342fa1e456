package dev.docent.answer.llm;

import dev.docent.answer.provider.ProviderCoolingDown;
import dev.langchain4j.exception.HttpException;
import dev.langchain4j.exception.InternalServerException;
import dev.langchain4j.exception.NonRetriableException;
import dev.langchain4j.exception.RateLimitException;
import dev.langchain4j.exception.RetriableException;
import dev.langchain4j.model.anthropic.internal.api.AnthropicStreamingException;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;

/** Maps a provider failure to the stable reason code reported in the failover trail and in metrics. */
public final class FailureReasons {
    private FailureReasons() {}

    public static String of(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof ProviderCoolingDown c) {
                // the reply that asked for the wait, or a request sent on without a call while it lasts
                return c.called() ? "rate_limited" : "cooling_down";
            }
            if (t instanceof CircuitBreakerOpenException) {
                return "circuit_open";
            }
            if (t instanceof org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException
                    || t instanceof dev.langchain4j.exception.TimeoutException
                    || t instanceof java.net.http.HttpTimeoutException
                    || t instanceof java.util.concurrent.TimeoutException) {
                return "timeout";
            }
            if (t instanceof AnthropicStreamingException a) {
                return anthropicStreamError(a.type());
            }
            if (t instanceof RateLimitException) {
                return "rate_limited";
            }
            if (t instanceof InternalServerException) {
                return "server_error";
            }
            if (t instanceof NonRetriableException) {
                return "rejected_request";
            }
            if (t instanceof RetriableException) {
                return "unavailable";
            }
            if (t instanceof HttpException http) {
                int status = http.statusCode();
                return status == 429 ? "rate_limited" : status >= 500 ? "server_error" : "rejected_request";
            }
        }
        return "malformed_reply";
    }

    /**
     * An error event inside an Anthropic stream (the HTTP status was already 200): its {@code error.type} says what
     * kind of failure it was (docs.anthropic.com, errors).
     */
    static String anthropicStreamError(String type) {
        if (type == null) {
            return "malformed_reply";
        }
        return switch (type) {
            case "overloaded_error", "api_error" -> "server_error";
            case "rate_limit_error" -> "rate_limited";
            case "timeout_error" -> "timeout";
            case "invalid_request_error",
                    "authentication_error",
                    "permission_error",
                    "not_found_error",
                    "request_too_large",
                    "billing_error" -> "rejected_request";
            default -> "malformed_reply";
        };
    }
}
