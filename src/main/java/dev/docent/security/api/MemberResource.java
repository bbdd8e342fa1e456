package dev.docent.security.api;

import dev.docent.security.service.ApiKeys;
import dev.docent.security.service.CallerContext;
import dev.docent.security.service.CollectionAccess;
import dev.docent.security.service.Role;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Who may read, write or administer a collection; needs the collection's admin role (checked by the filter). */
@Path("/v1/collections/{collectionId}/members")
@Tag(name = "Members")
public class MemberResource {
    private final CollectionAccess access;
    private final CallerContext caller;
    private final ApiKeys keys;

    MemberResource(CollectionAccess access, CallerContext caller, ApiKeys keys) {
        this.access = access;
        this.caller = caller;
        this.keys = keys;
    }

    @GET
    @Operation(summary = "List members")
    public List<MemberView> list(@PathParam("collectionId") UUID collectionId) {
        return access.members(collectionId).stream()
                .map(r -> new MemberView((String) r[0], (String) r[1]))
                .toList();
    }

    @PUT
    @Operation(summary = "Grant or change a member's role")
    public MemberView set(@PathParam("collectionId") UUID collectionId, @NotNull @Valid SetMemberRequest request) {
        keys.requireActiveNow(caller.require());
        Role role = Role.parse(request.role());
        access.grant(collectionId, request.principal(), role);
        return new MemberView(request.principal(), role.wire());
    }

    @DELETE
    @Operation(summary = "Remove a member")
    public Response remove(
            @PathParam("collectionId") UUID collectionId,
            @QueryParam("principal")
                    @NotBlank(message = "is required: user:NAME or group:NAME")
                    @Pattern(regexp = "(user|group):\\S.*", message = "must be user:NAME or group:NAME")
                    String principal) {
        keys.requireActiveNow(caller.require());
        access.revoke(collectionId, principal);
        return Response.noContent().build();
    }
}
