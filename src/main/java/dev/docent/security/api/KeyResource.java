package dev.docent.security.api;

import dev.docent.security.service.ApiKeyView;
import dev.docent.security.service.ApiKeys;
import dev.docent.security.service.CallerContext;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** API key management; needs a key with the {@code admin} scope. */
@Path("/v1/keys")
@Tag(name = "Keys")
public class KeyResource {
    private final ApiKeys keys;
    private final CallerContext caller;

    KeyResource(ApiKeys keys, CallerContext caller) {
        this.keys = keys;
        this.caller = caller;
    }

    @POST
    @Operation(summary = "Create an API key", description = "The response carries the secret; it is never shown again.")
    public Response create(@NotNull @Valid CreateKeyRequest request) {
        keys.requireActiveNow(caller.require());
        ApiKeyView key = keys.create(
                request.owner(),
                request.scopes(),
                request.groups(),
                request.expiresAt(),
                caller.require().principal());
        return Response.status(Response.Status.CREATED).entity(key).build();
    }

    @GET
    @Operation(summary = "List API keys (never their secrets)")
    public List<ApiKeyView> list() {
        return keys.list();
    }

    @DELETE
    @Path("/{id}")
    @Operation(summary = "Revoke an API key")
    public Response revoke(@PathParam("id") UUID id) {
        keys.requireActiveNow(caller.require());
        keys.revoke(id, caller.require().principal());
        return Response.noContent().build();
    }
}
