package dev.docent.answer.api;

import dev.docent.answer.conversation.ConversationStore;
import dev.docent.answer.conversation.TurnEntity;
import dev.docent.ingest.service.DocumentService;
import dev.docent.shared.api.Problem;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/v1/collections/{collectionId}/conversations/{conversationId}")
@Tag(name = "Answers")
public class ConversationResource {
    private final ConversationStore store;
    private final DocumentService documents;

    ConversationResource(ConversationStore store, DocumentService documents) {
        this.store = store;
        this.documents = documents;
    }

    @GET
    @Operation(
            summary = "A conversation's history, with each turn's citations as they were returned",
            description = "Citations are stored as returned and never recomputed (they outlive a deleted document);"
                    + " but a citation of a document an ACL change has since hidden from the caller is left out, and"
                    + " a turn that had one is shown without its answer text and short answer (redacted: true).")
    @APIResponse(
            responseCode = "404",
            description = "Conversation not found",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public ConversationView get(
            @PathParam("collectionId") UUID collectionId, @PathParam("conversationId") UUID conversationId) {
        List<TurnEntity> turns = store.require(collectionId, conversationId);
        Set<UUID> hidden = documents.hidden(
                collectionId,
                turns.stream()
                        .flatMap(t -> t.citations.stream())
                        .map(c -> c.documentId())
                        .collect(Collectors.toSet()));
        return new ConversationView(
                conversationId,
                collectionId,
                turns.stream().map(t -> toView(t, hidden)).toList());
    }

    private static ConversationView.Turn toView(TurnEntity t, Set<UUID> hidden) {
        boolean whole = t.citations.stream().noneMatch(c -> hidden.contains(c.documentId()));
        return new ConversationView.Turn(
                t.ordinal,
                t.question,
                t.standaloneQuestion,
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
