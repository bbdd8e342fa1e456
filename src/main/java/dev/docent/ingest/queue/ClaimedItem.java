package dev.docent.ingest.queue;

import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A queue item a worker has claimed under a lease.
 *
 * @param aclGroups the document's ACL groups, or null to keep the document's current ones
 * @param metadata the owner's metadata for the document, or null to keep the document's current owner metadata
 * @param uploaderGroups the groups that restricted the caller who uploaded it, or null when nothing did: the document
 *     it would replace must still be visible under them when it commits
 */
public record ClaimedItem(
        UUID id,
        UUID jobId,
        UUID collectionId,
        int seq,
        String fileName,
        String externalId,
        String archivePath,
        int depth,
        List<String> aclGroups,
        Map<String, String> metadata,
        boolean force,
        String sha256,
        long size,
        int attempts,
        String kind,
        String targetModel,
        List<String> uploaderGroups) {

    /** Kind of a queue item that re-embeds a whole collection into {@link #targetModel()}. */
    public static final String REEMBED = "reembed";

    public boolean isReembed() {
        return REEMBED.equals(kind);
    }
}
