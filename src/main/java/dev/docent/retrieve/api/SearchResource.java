package dev.docent.retrieve.api;

import dev.docent.retrieve.service.SearchService;
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

@Path("/v1/collections/{collectionId}/search")
@Tag(name = "Search")
public class SearchResource {
    private final SearchService search;

    SearchResource(SearchService search) {
        this.search = search;
    }

    @POST
    @Operation(summary = "Search a collection", description = "Chunks by vector similarity, best first.")
    @APIResponse(
            responseCode = "400",
            description = "Invalid request",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(
            responseCode = "404",
            description = "Collection not found",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public SearchResponse search(@PathParam("collectionId") UUID collectionId, @NotNull @Valid SearchRequest request) {
        return search.search(collectionId, request);
    }
}
