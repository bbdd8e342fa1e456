package dev.docent.retrieve.api;

import com.fasterxml.jackson.annotation.JsonIgnore;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * Restricts a search to matching documents. Every field is optional; set fields are AND-ed. Retrievers apply
 * filters inside the SQL that does the index scan, never after top-k. A field that is present must restrict: an
 * empty list or map is refused ({@code validation_failed}) rather than read as "no filter", which would widen a
 * search scoped to an empty selection to the whole collection.
 *
 * @param documentIds only these documents (1 to 1,000)
 * @param mediaTypes only documents of these media types (e.g. {@code application/pdf}; 1 to 100), compared without
 *     parameters and case ({@code TEXT/Markdown; charset=utf-8} is {@code text/markdown}); {@code text/*} matches
 *     every text type, {@code *}{@code /*} every type
 * @param metadata only documents whose metadata has each of these key/value pairs
 * @param updatedAfter only documents whose current version was stored at or after this instant
 * @param updatedBefore only documents whose current version was stored before this instant
 * @param visibleToGroups set by the server, never by clients: only documents without ACL groups or sharing one of
 *     these groups; {@code null} when the caller may see every document of the collection
 */
public record SearchFilters(
        @Size(min = 1, max = 1000) List<@NotNull UUID> documentIds,

        @Size(min = 1, max = 100)
        List<
                        @NotBlank @Size(max = 255)
                        @Pattern(regexp = MEDIA_TYPE, message = "must be a media type: type/subtype, type/* or */*")
                        String>
                mediaTypes,

        @Size(min = 1, max = 100) Map<@NotBlank @Size(max = 200) String, @NotNull @Size(max = 2000) String> metadata,
        Instant updatedAfter,
        Instant updatedBefore,
        @JsonIgnore @Schema(hidden = true) List<String> visibleToGroups) {

    private static final String NAME = "[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]*";

    /** type/subtype (RFC 6838 names), type/* or *{@literal /}*, optionally with parameters. */
    static final String MEDIA_TYPE = "(?s)\\s*(\\*/\\*|" + NAME + "/(" + NAME + "|\\*))\\s*(;.*)?";

    public SearchFilters {
        if (mediaTypes != null) {
            mediaTypes = mediaTypes.stream().map(SearchFilters::baseType).toList();
        }
    }

    /** "TEXT/Markdown; charset=utf-8" as stored: "text/markdown" (null stays null, for validation to refuse). */
    private static String baseType(String mediaType) {
        if (mediaType == null) {
            return null;
        }
        int semicolon = mediaType.indexOf(';');
        return (semicolon < 0 ? mediaType : mediaType.substring(0, semicolon))
                .strip()
                .toLowerCase(java.util.Locale.ROOT);
    }

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
