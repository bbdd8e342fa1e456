package dev.docent.ingest.api;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** Request to create a collection. */
public record CreateCollectionRequest(
        @NotBlank
        @Size(max = 100)
        @Pattern(regexp = "[A-Za-z0-9][A-Za-z0-9 ._-]*", message = "letters, digits, space, . _ - only")
        String name,

        @Size(max = 2000) String description) {}
