package dev.docent.retrieve.api;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * Restricts a search to matching documents. Every field is optional; set fields are AND-ed. Retrievers apply
 * filters inside the SQL that does the index scan, never after top-k.
 *
 * @param documentIds only these documents
 * @param mediaTypes only documents of these media types (e.g. {@code application/pdf})
 * @param metadata only documents whose metadata has each of these key/value pairs
 * @param updatedAfter only documents whose current version was stored at or after this instant
 * @param updatedBefore only documents whose current version was stored before this instant
 * @param visibleToGroups set by the server, never by clients: only documents without ACL groups or sharing one of
 *     these groups; {@code null} when the caller may see every document of the collection
 */
public record SearchFilters(
        List<UUID> documentIds,
        List<String> mediaTypes,
        Map<String, String> metadata,
        Instant updatedAfter,
        Instant updatedBefore,
        @JsonIgnore @Schema(hidden = true) List<String> visibleToGroups) {

    public static final SearchFilters NONE = new SearchFilters(null, null, null, null, null, null);

    /** The filters a client may set (document ACLs are the server's business). */
    public SearchFilters(
            List<UUID> documentIds,
            List<String> mediaTypes,
            Map<String, String> metadata,
            Instant updatedAfter,
            Instant updatedBefore) {
        this(documentIds, mediaTypes, metadata, updatedAfter, updatedBefore, null);
    }

    /** These filters, further restricted to the documents {@code groups} may see ({@code null}: unrestricted). */
    public SearchFilters visibleTo(List<String> groups) {
        return new SearchFilters(documentIds, mediaTypes, metadata, updatedAfter, updatedBefore, groups);
    }

    /** True when no field restricts anything (not a field of the request: hidden from the OpenAPI schema). */
    @Schema(hidden = true)
    public boolean isEmpty() {
        return (documentIds == null || documentIds.isEmpty())
                && (mediaTypes == null || mediaTypes.isEmpty())
                && (metadata == null || metadata.isEmpty())
                && updatedAfter == null
                && updatedBefore == null
                && visibleToGroups == null;
    }
}
