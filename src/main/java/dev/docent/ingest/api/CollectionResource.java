package dev.docent.ingest.api;

import dev.docent.ingest.service.CollectionService;
import dev.docent.security.service.CallerContext;
import dev.docent.security.service.CollectionAccess;
import dev.docent.shared.api.Problem;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Response;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/v1/collections")
@Tag(name = "Collections")
public class CollectionResource {
    private final CollectionService collections;
    private final CollectionAccess access;
    private final CallerContext caller;

    CollectionResource(CollectionService collections, CollectionAccess access, CallerContext caller) {
        this.collections = collections;
        this.access = access;
        this.caller = caller;
    }

    @POST
    @Operation(summary = "Create a collection")
    @APIResponse(responseCode = "201", description = "Created")
    @APIResponse(
            responseCode = "400",
            description = "Invalid name",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(
            responseCode = "409",
            description = "The caller already has a collection with this name (names are unique per owner)",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Response create(@NotNull @Valid CreateCollectionRequest request) {
        var creator = caller.require();
        CollectionView created = collections.create(request, creator.principal());
        access.grantCreator(creator, created.id());
        return Response.status(Response.Status.CREATED).entity(created).build();
    }

    @GET
    @Operation(summary = "List the collections the caller may read")
    public List<CollectionView> list() {
        var readable = access.readable(caller.require());
        return collections.list().stream()
                .filter(c -> readable.map(ids -> ids.contains(c.id())).orElse(true))
                .toList();
    }
}
