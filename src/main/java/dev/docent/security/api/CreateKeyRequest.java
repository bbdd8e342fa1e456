package dev.docent.security.api;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.List;

/**
 * A new API key.
 *
 * @param owner who the key belongs to; memberships name it as {@code user:<owner>}
 * @param scopes any of {@code admin}, {@code write}, {@code read} (default {@code read})
 * @param groups the owner's groups: collection memberships ({@code group:<name>}) and document ACLs match them
 * @param expiresAt optional expiry
 */
public record CreateKeyRequest(
        @NotBlank
        @Size(max = 200)
        @Pattern(
                regexp = "[^\\s:*]+",
                message = "must be one word without ':' or '*' (it is named user:OWNER in memberships)")
        String owner,

        @Size(max = 3) List<@NotBlank String> scopes,
        @Size(max = 100) List<@NotBlank @Size(max = 200) String> groups,
        Instant expiresAt) {}
