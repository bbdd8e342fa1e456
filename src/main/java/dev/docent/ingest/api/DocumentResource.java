package dev.docent.ingest.api;

import dev.docent.ingest.service.DocumentService;
import dev.docent.shared.api.Problem;
import dev.docent.shared.error.DocentException;
import dev.docent.shared.error.ErrorCode;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.multipart.FileUpload;

@Path("/v1/collections/{collectionId}/documents")
@Tag(name = "Documents")
public class DocumentResource {
    private final DocumentService documents;

    DocumentResource(DocumentService documents) {
        this.documents = documents;
    }

    @POST
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @Operation(
            summary = "Upload one document",
            description = "Parses, chunks, embeds and stores the file in one transaction. Identical bytes under the"
                    + " same external id are a no-op (200, outcome=unchanged); new bytes replace the previous"
                    + " version atomically (200, outcome=replaced); a failed file leaves the previous version as is.")
    @APIResponse(responseCode = "201", description = "Created")
    @APIResponse(responseCode = "200", description = "Unchanged or replaced")
    @APIResponse(
            responseCode = "404",
            description = "Collection not found",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(
            responseCode = "413",
            description = "File too large (code too_large)",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(
            responseCode = "415",
            description = "Unsupported type (code unsupported_type)",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(
            responseCode = "422",
            description = "File yields no text: codes encrypted, corrupt, empty, no_text, timeout",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Response upload(
            @PathParam("collectionId") UUID collectionId,
            @RestForm("file") FileUpload file,
            @RestForm("externalId") String externalId,
            @RestForm("aclGroups") String aclGroups) {
        if (file == null) {
            throw new DocentException(ErrorCode.VALIDATION_FAILED, "multipart field 'file' is required");
        }
        DocumentView view =
                documents.upload(collectionId, file.uploadedFile(), fileName(file), externalId, parseGroups(aclGroups));
        Response.Status status = "created".equals(view.outcome()) ? Response.Status.CREATED : Response.Status.OK;
        return Response.status(status).entity(view).build();
    }

    @GET
    @Operation(summary = "List documents")
    public List<DocumentView> list(@PathParam("collectionId") UUID collectionId) {
        return documents.list(collectionId);
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

    private static String fileName(FileUpload file) {
        String name = file.fileName();
        if (name == null || name.isBlank()) {
            return "upload";
        }
        int slash = Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\'));
        return name.substring(slash + 1);
    }

    private static List<String> parseGroups(String csv) {
        if (csv == null || csv.isBlank()) {
            return List.of();
        }
        return Arrays.stream(csv.split(","))
                .map(String::strip)
                .filter(s -> !s.isEmpty())
                .distinct()
                .toList();
    }
}
