package dev.docent.ingest.api;

import dev.docent.ingest.service.CollectionPurger;
import dev.docent.ingest.service.CollectionService;
import dev.docent.ingest.service.DocumentService;
import dev.docent.ingest.service.JobService;
import dev.docent.security.service.ApiKeys;
import dev.docent.security.service.CallerContext;
import dev.docent.security.service.CollectionAccess;
import dev.docent.shared.api.Problem;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.List;
import java.util.UUID;
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
    private final JobService jobs;
    private final DocumentService documents;
    private final CollectionPurger purger;
    private final ApiKeys keys;

    CollectionResource(
            CollectionService collections,
            CollectionAccess access,
            CallerContext caller,
            JobService jobs,
            DocumentService documents,
            CollectionPurger purger,
            ApiKeys keys) {
        this.purger = purger;
        this.keys = keys;
        this.jobs = jobs;
        this.documents = documents;
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
        keys.requireActiveNow(creator); // its creator becomes its admin: a grant, like a member change
        CollectionView created = collections.create(request, creator.principal());
        access.grantCreator(creator, created.id());
        return Response.status(Response.Status.CREATED).entity(created).build();
    }

    @PATCH
    @Path("/{collectionId}")
    @Operation(
            summary = "Change a collection's embedding model (collection admin)",
            description = "Re-embeds every chunk with the new model in a background job (202, the job; follow it at"
                    + " /v1/jobs/{id}); searches keep using the old model until the job swaps both atomically. 200"
                    + " with the collection when it already uses the model.")
    @APIResponse(responseCode = "200", description = "Already on this model")
    @APIResponse(responseCode = "202", description = "Re-embedding job started")
    @APIResponse(
            responseCode = "400",
            description = "Unknown or unusable model",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(
            responseCode = "409",
            description = "A re-embedding of the collection is already running",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Response update(
            @PathParam("collectionId") UUID collectionId, @NotNull @Valid UpdateCollectionRequest request) {
        return collections
                .changeModel(collectionId, request.embeddingModel().strip())
                .map(job -> Response.accepted(jobs.get(job))
                        .location(URI.create("/v1/jobs/" + job))
                        .build())
                .orElseGet(() -> Response.ok(collections.view(collectionId)).build());
    }

    @GET
    @Operation(summary = "List the collections the caller may read")
    public List<CollectionView> list() {
        var readable = access.readable(caller.require());
        return collections.list().stream()
                .filter(c -> readable.map(ids -> ids.contains(c.id())).orElse(true))
                .toList();
    }

    @GET
    @Path("/{collectionId}")
    @Operation(
            summary = "One collection, with what it holds",
            description = "`stats` counts the documents the caller may see (document ACLs apply), their chunks and"
                    + " sizes, and the documents whose upload failed.")
    @APIResponse(
            responseCode = "404",
            description = "Not found",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public CollectionView get(@PathParam("collectionId") UUID collectionId) {
        return collections.view(collectionId).withStats(documents.stats(collectionId));
    }

    @DELETE
    @Path("/{collectionId}")
    @Operation(
            summary = "Delete a collection and everything in it (collection admin)",
            description = "The collection is gone when this returns: not found, not listed, its name free, its"
                    + " members and its jobs (with their uploaded bytes) deleted; jobs still running end without"
                    + " committing anything. Its documents, every version's extracted text, chunks and vectors, keyword"
                    + " statistics and conversations are then removed in the background, in short batches that"
                    + " survive restarts. The audit log keeps the deletion.")
    @APIResponse(responseCode = "204", description = "Deleted")
    @APIResponse(
            responseCode = "404",
            description = "Not found",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Response delete(@PathParam("collectionId") UUID collectionId) {
        collections.delete(collectionId);
        access.forget(collectionId);
        purger.wake();
        return Response.noContent().build();
    }
}
