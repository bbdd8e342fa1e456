package dev.docent.answer.api;

import dev.docent.answer.conversation.ConversationStore;
import dev.docent.answer.conversation.TurnEntity;
import dev.docent.shared.api.Problem;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import java.util.List;
import java.util.Set;
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
    @Operation(
            summary = "A conversation's history, with each turn's citations as they were returned",
            description = "Citations are stored as returned and never recomputed (they outlive a deleted document);"
                    + " but a citation of a document an ACL change has since hidden from the caller is left out, and"
                    + " a turn that had one is shown without its answer text and short answer (redacted: true); from"
                    + " that turn on, standalone questions (which may carry its short answer) are null.")
    @APIResponse(
            responseCode = "404",
            description = "Conversation not found",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public ConversationView get(
            @PathParam("collectionId") UUID collectionId, @PathParam("conversationId") UUID conversationId) {
        List<TurnEntity> turns = store.require(collectionId, conversationId);
        ConversationStore.Redactions redactions = store.redactions(collectionId, turns);
        return new ConversationView(
                conversationId,
                collectionId,
                turns.stream().map(t -> toView(t, redactions)).toList());
    }

    private static ConversationView.Turn toView(TurnEntity t, ConversationStore.Redactions redactions) {
        Set<UUID> hidden = redactions.hiddenDocuments();
        boolean whole = !redactions.redacted(t);
        return new ConversationView.Turn(
                t.ordinal,
                t.question,
                redactions.standaloneShown(t) ? t.standaloneQuestion : null,
                whole ? t.answer : null,
                t.grounded,
                t.answerer,
                t.citations.stream()
                        .filter(c -> !hidden.contains(c.documentId()))
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
                t.shortAnswer == null || !whole
                        ? null
                        : new AnswerResponse.ShortAnswerView(
                                t.shortAnswer.text(),
                                t.shortAnswer.marker(),
                                t.shortAnswer.charStart(),
                                t.shortAnswer.charEnd()),
                !whole);
    }
}
