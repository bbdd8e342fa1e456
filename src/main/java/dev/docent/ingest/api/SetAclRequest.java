package dev.docent.ingest.api;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.List;

/** A document's new ACL groups; an empty list makes it visible to every reader of the collection. */
public record SetAclRequest(@NotNull @Size(max = 100) List<@NotBlank @Size(max = 200) String> aclGroups) {}
