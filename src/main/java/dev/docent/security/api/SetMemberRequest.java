package dev.docent.security.api;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** Grants a role in a collection. */
public record SetMemberRequest(
        @NotBlank
        @Size(max = 210)
        @Pattern(
                regexp = "(user|group):(?!\\*$)\\S.*",
                message = "must be user:NAME or group:NAME (a literal name: * is no wildcard)")
        String principal,

        @NotBlank @Pattern(regexp = "reader|writer|admin") String role) {}
