package dev.docent.answer.api;

import dev.docent.answer.conversation.ConversationStore;
import dev.docent.answer.conversation.TurnEntity;
import dev.docent.shared.api.Problem;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/v1/collections/{collectionId}/conversations/{conversationId}")
@Tag(name = "Answers")
public class ConversationResource {
    private final ConversationStore store;

    ConversationResource(ConversationStore store) {
        this.store = store;
    }

    @GET
    @Operation(summary = "A conversation's history, with each turn's citations as they were returned")
    @APIResponse(
            responseCode = "404",
            description = "Conversation not found",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public ConversationView get(
            @PathParam("collectionId") UUID collectionId, @PathParam("conversationId") UUID conversationId) {
        return new ConversationView(
                conversationId,
                collectionId,
                store.require(collectionId, conversationId).stream()
                        .map(ConversationResource::toView)
                        .toList());
    }

    private static ConversationView.Turn toView(TurnEntity t) {
        return new ConversationView.Turn(
                t.ordinal,
                t.question,
                t.standaloneQuestion,
                t.answer,
                t.grounded,
                t.answerer,
                t.citations.stream()
                        .map(c -> new AnswerResponse.CitationView(
                                c.marker(),
                                c.documentId(),
                                c.title(),
                                c.chunkId(),
                                c.page(),
                                c.charStart(),
                                c.charEnd(),
                                c.quote()))
                        .toList(),
                t.createdAt,
                t.shortAnswer == null
                        ? null
                        : new AnswerResponse.ShortAnswerView(
                                t.shortAnswer.text(),
                                t.shortAnswer.marker(),
                                t.shortAnswer.charStart(),
                                t.shortAnswer.charEnd()));
    }
}
