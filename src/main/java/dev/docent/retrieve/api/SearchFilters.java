package dev.docent.retrieve.api;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Restricts a search to matching documents. Every field is optional; set fields are AND-ed. Retrievers apply
 * filters inside the SQL that does the index scan, never after top-k.
 *
 * @param documentIds only these documents
 * @param mediaTypes only documents of these media types (e.g. {@code application/pdf})
 * @param metadata only documents whose metadata has each of these key/value pairs
 * @param updatedAfter only documents whose current version was stored at or after this instant
 * @param updatedBefore only documents whose current version was stored before this instant
 */
public record SearchFilters(
        List<UUID> documentIds,
        List<String> mediaTypes,
        Map<String, String> metadata,
        Instant updatedAfter,
        Instant updatedBefore) {

    public static final SearchFilters NONE = new SearchFilters(null, null, null, null, null);

    /** True when no field restricts anything. */
    public boolean isEmpty() {
        return (documentIds == null || documentIds.isEmpty())
                && (mediaTypes == null || mediaTypes.isEmpty())
                && (metadata == null || metadata.isEmpty())
                && updatedAfter == null
                && updatedBefore == null;
    }
}
