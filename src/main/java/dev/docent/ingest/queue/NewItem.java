package dev.docent.ingest.queue;

import dev.docent.shared.error.DocentException;
import java.nio.file.Path;
import java.util.List;

/**
 * One file to enqueue.
 *
 * @param file the bytes on local disk; they are copied into PostgreSQL so every replica can ingest them
 * @param force ingest even when a document with the same external id already holds identical bytes (re-ingest)
 * @param failure when not null the file is recorded as failed with this error at once (nothing is stored)
 */
public record NewItem(
        Path file,
        String fileName,
        String externalId,
        List<String> aclGroups,
        String sha256,
        long size,
        boolean force,
        DocentException failure) {

    public NewItem(
            Path file,
            String fileName,
            String externalId,
            List<String> aclGroups,
            String sha256,
            long size,
            boolean force) {
        this(file, fileName, externalId, aclGroups, sha256, size, force, null);
    }
}
