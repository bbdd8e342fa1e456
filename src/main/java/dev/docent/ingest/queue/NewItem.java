package dev.docent.ingest.queue;

import dev.docent.shared.error.DocentException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * One file to enqueue.
 *
 * @param file the bytes on local disk; they are copied into PostgreSQL so every replica can ingest them
 * @param aclGroups the document's ACL groups, or null to keep the document's current ones (none for a new one)
 * @param metadata the owner's metadata for the document, or null to keep the document's current owner metadata
 * @param force ingest even when a document with the same external id already holds identical bytes (re-ingest)
 * @param failure when not null the file is recorded as failed with this error at once (nothing is stored)
 */
public record NewItem(
        Path file,
        String fileName,
        String externalId,
        List<String> aclGroups,
        Map<String, String> metadata,
        String sha256,
        long size,
        boolean force,
        DocentException failure) {

    public NewItem(
            Path file,
            String fileName,
            String externalId,
            List<String> aclGroups,
            Map<String, String> metadata,
            String sha256,
            long size,
            boolean force) {
        this(file, fileName, externalId, aclGroups, metadata, sha256, size, force, null);
    }
}
