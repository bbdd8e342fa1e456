package dev.docent.answer.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.docent.answer.llm.StreamingAnswerer;
import dev.docent.answer.service.AnswerService;
import dev.docent.answer.service.AnswerTelemetry;
import dev.docent.shared.api.Problem;
import dev.docent.shared.error.DocentException;
import dev.docent.shared.error.ErrorCode;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.core.http.HttpServerRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/v1/collections/{collectionId}/answers")
@Tag(name = "Answers")
public class AnswerResource {
    private final AnswerService answers;
    private final ObjectMapper json;
    private final AnswerTelemetry telemetry;

    AnswerResource(AnswerService answers, ObjectMapper json, AnswerTelemetry telemetry) {
        this.answers = answers;
        this.json = json;
        this.telemetry = telemetry;
    }

    @POST
    @Operation(
            summary = "Answer a question from the collection",
            description = "Answers with [n] markers and verifiable citations, or grounded=false when the documents"
                    + " do not support an answer.")
    @APIResponse(
            responseCode = "400",
            description = "Invalid request",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(
            responseCode = "404",
            description = "Collection not found",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @Produces(MediaType.APPLICATION_JSON)
    public AnswerResponse answer(
            @PathParam("collectionId") UUID collectionId,
            @NotNull @Valid AnswerRequest request,
            @Context HttpServerRequest http) {
        if (request.streamRequested()) {
            throw new DocentException(
                    ErrorCode.VALIDATION_FAILED, "stream: true needs the header Accept: text/event-stream");
        }
        // a client that hung up (or timed out) gets no further paid provider call made for it
        return answers.answer(collectionId, request, () -> http.response().closed());
    }

    @POST
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @Blocking
    @Operation(
            summary = "Stream the answer as server-sent events",
            description = "Events: token {text}... (reset {answerer, reason} discards the tokens so far), then"
                    + " citations {citations}, then final (the full answer with usage and answerer); error instead"
                    + " on failure. Closing the connection cancels the provider call.")
    public Multi<OutboundSseEvent> stream(
            @PathParam("collectionId") UUID collectionId, @NotNull @Valid AnswerRequest request, @Context Sse sse) {
        Function<AnswerService.StreamSink, StreamingAnswerer.Stream> start = answers.stream(collectionId, request);
        AtomicReference<StreamingAnswerer.Stream> running = new AtomicReference<>();
        Multi<OutboundSseEvent> events = Multi.createFrom().emitter(emitter -> {
            AnswerStreamEvents sink = new AnswerStreamEvents(emitter, sse, json);
            emitter.onTermination(() -> {
                StreamingAnswerer.Stream s = running.get();
                if (s != null && s.cancel()) {
                    telemetry.cancelled();
                }
            });
            running.set(start.apply(sink));
        });
        return events.runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
    }
}
