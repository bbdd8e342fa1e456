package dev.docent.answer.api;

import dev.docent.answer.service.AnswerService;
import dev.docent.shared.api.Problem;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/v1/collections/{collectionId}/answers")
@Tag(name = "Answers")
public class AnswerResource {
    private final AnswerService answers;

    AnswerResource(AnswerService answers) {
        this.answers = answers;
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
    public AnswerResponse answer(@PathParam("collectionId") UUID collectionId, @NotNull @Valid AnswerRequest request) {
        return answers.answer(collectionId, request);
    }
}
