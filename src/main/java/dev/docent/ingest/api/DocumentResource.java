package dev.docent.ingest.api;

import dev.docent.ingest.config.IngestConfig;
import dev.docent.ingest.service.DocumentService;
import dev.docent.ingest.service.JobService;
import dev.docent.shared.api.Problem;
import dev.docent.shared.api.QueryParams;
import dev.docent.shared.error.DocentException;
import dev.docent.shared.error.ErrorCode;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.multipart.FileUpload;

@Path("/v1/collections/{collectionId}/documents")
@Tag(name = "Documents")
public class DocumentResource {
    private final DocumentService documents;
    private final JobService jobs;
    private final Duration waitTimeout;

    DocumentResource(DocumentService documents, JobService jobs, IngestConfig config) {
        this.documents = documents;
        this.jobs = jobs;
        this.waitTimeout = config.queue().waitTimeout();
    }

    @POST
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @Operation(
            summary = "Upload documents",
            description = "Stores one or more files (repeat the 'file' part; zip, tar, gz, bz2 and 7z archives are"
                    + " expanded, each entry becoming a document) in the durable ingestion queue and answers 202 with"
                    + " the job; follow it at /v1/jobs/{id}. Identical bytes under the same external id are a no-op"
                    + " (outcome=unchanged); new bytes replace the previous version atomically (outcome=replaced); a"
                    + " failed file leaves the previous version as is; an upload that finishes after a later upload of"
                    + " the same document changes nothing (outcome=superseded). With wait=true the call waits for the job: for a"
                    + " single plain file it answers like a synchronous upload (201 created, 200 replaced/unchanged,"
                    + " or the coded problem of the failure), otherwise 200 with the finished job.")
    @APIResponse(responseCode = "202", description = "Accepted: the job, queued")
    @APIResponse(responseCode = "201", description = "wait=true, one file: created")
    @APIResponse(responseCode = "200", description = "wait=true: unchanged or replaced, or the finished job")
    @APIResponse(
            responseCode = "404",
            description = "Collection not found",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(
            responseCode = "413",
            description = "wait=true: file too large (code too_large)",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(
            responseCode = "415",
            description = "wait=true: unsupported type (code unsupported_type)",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(
            responseCode = "422",
            description = "wait=true: the file yields no text: codes encrypted, corrupt, empty, no_text, timeout, ...",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Response upload(
            @PathParam("collectionId") UUID collectionId,
            @RestForm("file") List<FileUpload> files,
            @RestForm("externalId") String externalId,
            @RestForm("aclGroups")
                    @Parameter(
                            description = "comma-separated ACL groups for every file; absent keeps a document's"
                                    + " current groups (none for a new document), empty clears them")
                    String aclGroups,
            @RestForm("metadata")
                    @Parameter(
                            description = "the owner's metadata for every file, a flat JSON object such as"
                                    + " {\"team\":\"legal\"}; absent keeps a document's current metadata")
                    String metadata,
            @Parameter(description = "true: wait for the job (see above)", schema = @Schema(type = SchemaType.BOOLEAN))
                    @QueryParam("wait")
                    String waitParam,
            org.jboss.resteasy.reactive.server.multipart.MultipartFormDataInput form) {
        UploadForm.requireKnownFields(form);
        boolean wait = QueryParams.bool("wait", waitParam, false);
        List<DocumentService.Upload> uploads = files == null
                ? List.of()
                : files.stream()
                        .map(f -> new DocumentService.Upload(f.uploadedFile(), fileName(f)))
                        .toList();
        UUID jobId = documents.enqueue(
                collectionId, uploads, externalId, parseGroups(aclGroups), DocumentMetadata.parse(metadata));
        if (!wait) {
            return Response.accepted(jobs.get(jobId))
                    .location(URI.create("/v1/jobs/" + jobId))
                    .build();
        }
        JobView job = jobs.await(jobId, waitTimeout);
        if (!job.terminal()) {
            return Response.accepted(job)
                    .location(URI.create("/v1/jobs/" + jobId))
                    .build();
        }
        if (job.documents().size() != 1) {
            return Response.ok(job).build();
        }
        JobDocumentView only = job.documents().get(0);
        if (only.errorCode() != null) {
            throw new DocentException(errorCode(only.errorCode()), only.errorMessage());
        }
        DocumentView view = documents.get(collectionId, only.documentId(), only.outcome());
        Response.Status status = "created".equals(view.outcome()) ? Response.Status.CREATED : Response.Status.OK;
        return Response.status(status).entity(view).build();
    }

    @POST
    @Path("/{documentId}/reingest")
    @Operation(
            summary = "Re-ingest a document",
            description = "Parses, chunks and embeds the stored bytes of the document again (e.g. after a parser or"
                    + " chunking change); 202 with the job, or with wait=true the document once done.")
    @APIResponse(responseCode = "202", description = "Accepted: the job")
    @APIResponse(
            responseCode = "409",
            description = "The bytes are no longer stored",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Response reingest(
            @PathParam("collectionId") UUID collectionId,
            @PathParam("documentId") UUID documentId,
            @Parameter(description = "true: wait for the job to finish", schema = @Schema(type = SchemaType.BOOLEAN))
                    @QueryParam("wait")
                    String waitParam) {
        boolean wait = QueryParams.bool("wait", waitParam, false);
        UUID jobId = documents.reingest(collectionId, documentId);
        JobView job = wait ? jobs.await(jobId, waitTimeout) : jobs.get(jobId);
        return Response.status(job.terminal() ? Response.Status.OK : Response.Status.ACCEPTED)
                .entity(job)
                .location(URI.create("/v1/jobs/" + jobId))
                .build();
    }

    @GET
    @Operation(summary = "List documents, with their status, filtered")
    public List<DocumentView> list(
            @PathParam("collectionId") UUID collectionId,
            @Parameter(description = "succeeded or failed")
                    @QueryParam("status")
                    @Pattern(regexp = "succeeded|failed", message = "must be succeeded or failed")
                    String status,
            @Parameter(description = "exact media type, e.g. application/pdf") @QueryParam("mediaType")
                    String mediaType,
            @Parameter(description = "substring of the title or external id") @QueryParam("q") String query,
            @Parameter(
                            description = "key:value the document's metadata must hold (split at the first colon);"
                                    + " repeat for several, all must hold")
                    @QueryParam("metadata")
                    List<String> metadata,
            @Parameter(description = "documents to skip (default 0)", schema = @Schema(type = SchemaType.INTEGER))
                    @QueryParam("offset")
                    String offset,
            @Parameter(
                            description = "at most this many, 1 to 10000 (default 1000)",
                            schema = @Schema(type = SchemaType.INTEGER))
                    @QueryParam("limit")
                    String limit) {
        return documents.list(
                collectionId,
                status,
                mediaType,
                query,
                DocumentMetadata.pairs(metadata),
                QueryParams.integer("offset", offset, 0, 0, Integer.MAX_VALUE),
                QueryParams.integer("limit", limit, 1000, 1, 10000));
    }

    @GET
    @Path("/{documentId}")
    @Operation(summary = "Get a document")
    @APIResponse(
            responseCode = "404",
            description = "Not found",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public DocumentView get(@PathParam("collectionId") UUID collectionId, @PathParam("documentId") UUID documentId) {
        return documents.get(collectionId, documentId);
    }

    @GET
    @Path("/{documentId}/text")
    @Operation(summary = "Extracted text of the current version (citation spans index into it)")
    @APIResponse(
            responseCode = "404",
            description = "Not found",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public DocumentTextView text(
            @PathParam("collectionId") UUID collectionId, @PathParam("documentId") UUID documentId) {
        return documents.text(collectionId, documentId);
    }

    @GET
    @Path("/{documentId}/chunks")
    @Operation(
            summary = "The current version's chunks in reading order, a page at a time",
            description = "Each chunk with its stored text, pages, char span in the extracted text and heading path;"
                    + " offset (from 0) and limit (1 to 500, default 100) page through them.")
    @APIResponse(
            responseCode = "404",
            description = "Not found",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public DocumentChunksView chunks(
            @PathParam("collectionId") UUID collectionId,
            @PathParam("documentId") UUID documentId,
            @QueryParam("offset") @Parameter(description = "ordinal of the first chunk (from 0)") String offset,
            @QueryParam("limit") @Parameter(description = "chunks per page (1 to 500, default 100)") String limit) {
        // read here, not bound as int: JAX-RS answers an unparseable int parameter with 404
        return documents.chunks(
                collectionId,
                documentId,
                QueryParams.integer("offset", offset, 0, 0, Integer.MAX_VALUE),
                QueryParams.integer("limit", limit, 100, 1, DocumentService.MAX_CHUNKS_PER_PAGE));
    }

    @PUT
    @Path("/{documentId}/acl")
    @Operation(
            summary = "Set a document's ACL groups",
            description = "Only callers sharing one of the groups (and the collection's admins) see a document with"
                    + " groups; an empty list makes it visible to every reader. Takes effect at once in search and"
                    + " answers.")
    @APIResponse(
            responseCode = "404",
            description = "Not found",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public DocumentView setAcl(
            @PathParam("collectionId") UUID collectionId,
            @PathParam("documentId") UUID documentId,
            @jakarta.validation.constraints.NotNull @jakarta.validation.Valid SetAclRequest request) {
        return documents.setAcl(collectionId, documentId, request.aclGroups());
    }

    @PUT
    @Path("/{documentId}/metadata")
    @Operation(
            summary = "Set a document's metadata",
            description = "Replaces the metadata the document's owner gave it (a flat object of strings, at most 64"
                    + " keys); the parser's metadata stays beside it. Search filters on metadata see the change at"
                    + " once; a new version uploaded without the metadata field keeps it.")
    @APIResponse(
            responseCode = "400",
            description = "Invalid metadata (code validation_failed)",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(
            responseCode = "404",
            description = "Not found",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public DocumentView setMetadata(
            @PathParam("collectionId") UUID collectionId,
            @PathParam("documentId") UUID documentId,
            @jakarta.validation.constraints.NotNull @jakarta.validation.Valid SetMetadataRequest request) {
        return documents.setMetadata(collectionId, documentId, DocumentMetadata.validated(request.metadata()));
    }

    @DELETE
    @Path("/{documentId}")
    @Operation(summary = "Delete a document and its chunks")
    @APIResponse(responseCode = "204", description = "Deleted")
    @APIResponse(
            responseCode = "404",
            description = "Not found",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Response delete(@PathParam("collectionId") UUID collectionId, @PathParam("documentId") UUID documentId) {
        documents.delete(collectionId, documentId);
        return Response.noContent().build();
    }

    static ErrorCode errorCode(String code) {
        for (ErrorCode c : ErrorCode.values()) {
            if (c.code().equals(code)) {
                return c;
            }
        }
        return ErrorCode.INTERNAL;
    }

    private static String fileName(FileUpload file) {
        String name = file.fileName() == null ? "" : file.fileName();
        int slash = Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\'));
        String base = name.substring(slash + 1).strip();
        // a part without a name, or named like a directory ("dir/"), must not become the empty external id
        return base.isEmpty() ? "upload" : base;
    }

    /** The upload's ACL groups; null when the field is absent (a document keeps its current groups). */
    private static List<String> parseGroups(String csv) {
        if (csv == null) {
            return null;
        }
        return Arrays.stream(csv.split(","))
                .map(String::strip)
                .filter(s -> !s.isEmpty())
                .distinct()
                .toList();
    }
}
