package dev.docent.answer.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.docent.answer.service.AnswerService;
import dev.docent.shared.api.Problem;
import dev.docent.shared.error.ErrorCode;
import io.smallrye.mutiny.subscription.MultiEmitter;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import java.util.Map;

/**
 * The SSE wire format of a streamed answer: {@code token} events ({@code {"text": ...}}), possibly {@code reset}
 * ({@code {"answerer", "reason"}}: discard the tokens so far), then {@code citations} ({@code {"citations": [...]}})
 * and {@code final} (the full {@link AnswerResponse}, whose {@code answer} is the verified text); or {@code error}
 * (a problem) instead.
 */
final class AnswerStreamEvents implements AnswerService.StreamSink {
    private final MultiEmitter<? super OutboundSseEvent> emitter;
    private final Sse sse;
    private final ObjectMapper json;

    AnswerStreamEvents(MultiEmitter<? super OutboundSseEvent> emitter, Sse sse, ObjectMapper json) {
        this.emitter = emitter;
        this.sse = sse;
        this.json = json;
    }

    @Override
    public void token(String text) {
        emit("token", Map.of("text", text));
    }

    @Override
    public void reset(String answerer, String reason) {
        emit("reset", Map.of("answerer", answerer, "reason", reason));
    }

    @Override
    public void complete(AnswerResponse response) {
        emit("citations", Map.of("citations", response.citations()));
        emit("final", response);
        emitter.complete();
    }

    @Override
    public void failed(Throwable error) {
        ErrorCode code = ErrorCode.INTERNAL;
        emit(
                "error",
                new Problem(
                        "https://docent.dev/problems/" + code.code(),
                        code.title(),
                        code.status(),
                        "The answer could not be completed",
                        code.code(),
                        null));
        emitter.complete();
    }

    private void emit(String name, Object data) {
        if (emitter.isCancelled()) {
            return;
        }
        try {
            // data is JSON already serialised: no media type, so the stream has no per-event content-type line
            emitter.emit(sse.newEventBuilder()
                    .name(name)
                    .data(json.writeValueAsString(data))
                    .build());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise " + name + " event", e);
        }
    }
}
