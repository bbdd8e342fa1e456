package dev.docent.ingest.service;

import dev.docent.ingest.queue.ClaimedItem;
import dev.docent.ingest.queue.ItemState;
import dev.docent.ingest.queue.JobQueue;
import dev.docent.ingest.store.DocumentEntity;
import dev.docent.security.service.DocumentVisibility;
import dev.docent.shared.error.DocentException;
import dev.docent.shared.error.ErrorCode;
import io.quarkus.hibernate.orm.panache.Panache;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * Ends the processing of one claimed item in a single transaction with the document write: either the document
 * version and the item's {@code succeeded} commit together, or neither does. The item row is locked and its lease
 * checked first, so a worker that lost its lease (and was replaced) cannot commit a second copy of the chunks;
 * writes to one external id are serialised with an advisory lock.
 */
@ApplicationScoped
public class ItemCommitter {
    private final DataSource db;
    private final JobQueue queue;
    private final DocumentStore store;

    ItemCommitter(DataSource db, JobQueue queue, DocumentStore store) {
        this.db = db;
        this.queue = queue;
        this.store = store;
    }

    /** Stores the new version (or notes it unchanged) and completes the item. Returns the outcome. */
    @Transactional
    public String succeed(ClaimedItem item, String owner, DocumentStore.NewVersion version) {
        try (Connection c = db.getConnection()) {
            long uploaded = queue.lockOwned(c, item.id(), owner);
            lockExternalId(c, item);
            DocumentEntity current = DocumentEntity.findByExternalId(item.collectionId(), item.externalId())
                    .orElse(null);
            if (hiddenFromUploader(item, current)) {
                throw hidden(item);
            }
            if (current != null && current.sourceSeq != null && uploaded < current.sourceSeq) {
                // a later upload of this document finished first: it stays
                queue.markSuperseded(c, item.id(), current.id);
                return "superseded";
            }
            if (!item.force()) {
                UUID same = unchanged(c, item);
                if (same != null) {
                    JobQueue.raiseSourceSeq(c, same, uploaded);
                    queue.markDone(c, item.id(), ItemState.SUCCEEDED, "unchanged", same, JobQueue.chunkCount(c, same));
                    return "unchanged";
                }
            }
            String active = lockActiveModel(c, item.collectionId());
            if (!active.equals(version.result().embeddingModel())) {
                throw new ModelChangedException(active);
            }
            DocumentStore.Stored stored = store.store(version, uploaded);
            Panache.getEntityManager().flush();
            String outcome = stored.replaced() ? "replaced" : "created";
            queue.markDone(c, item.id(), ItemState.SUCCEEDED, outcome, stored.document().id, stored.chunkCount());
            return outcome;
        } catch (SQLException e) {
            throw new IllegalStateException("could not complete ingestion item " + item.id(), e);
        }
    }

    /** Completes an item whose bytes are already the current version of its document. */
    @Transactional
    public boolean succeedIfUnchanged(ClaimedItem item, String owner) {
        try (Connection c = db.getConnection()) {
            long uploaded = queue.lockOwned(c, item.id(), owner);
            lockExternalId(c, item);
            UUID same = unchanged(c, item);
            if (same == null) {
                return false;
            }
            JobQueue.raiseSourceSeq(c, same, uploaded);
            queue.markDone(c, item.id(), ItemState.SUCCEEDED, "unchanged", same, JobQueue.chunkCount(c, same));
            return true;
        } catch (SQLException e) {
            throw new IllegalStateException("could not complete ingestion item " + item.id(), e);
        }
    }

    /** Fails the item with the error's stable code; the document keeps its previous good version if it has one. */
    @Transactional
    public void fail(ClaimedItem item, String owner, DocentException error) {
        try (Connection c = db.getConnection()) {
            queue.lockOwned(c, item.id(), owner);
            lockExternalId(c, item);
            if (hiddenFromUploader(
                    item,
                    DocumentEntity.findByExternalId(item.collectionId(), item.externalId())
                            .orElse(null))) {
                // the document is not the uploader's to change, not even into a failed one
                DocentException refused = hidden(item);
                queue.markFailed(c, item.id(), refused.errorCode(), refused.getMessage(), null);
                return;
            }
            UUID documentId = store.recordFailure(new DocumentStore.Failure(
                    item.collectionId(),
                    item.externalId(),
                    item.fileName(),
                    item.sha256(),
                    item.size(),
                    item.aclGroups(),
                    item.metadata(),
                    error.errorCode().code(),
                    error.getMessage()));
            queue.markFailed(c, item.id(), error.errorCode(), error.getMessage(), documentId);
        } catch (SQLException e) {
            throw new IllegalStateException("could not fail ingestion item " + item.id(), e);
        }
    }

    /**
     * In the archive's expansion transaction: gives each entry that failed as it was expanded (an encrypted entry, one
     * over the size limit) a failed document, as a failure found while parsing gets one, so the collection's listing
     * counts what the job counts. An entry whose document the uploader may not see is left alone.
     */
    void recordEntryFailures(Connection c, ClaimedItem archive) throws SQLException {
        List<FailedEntry> failed = new java.util.ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT id, external_id, file_name, content_sha256, size_bytes,"
                + " error_code, error_message FROM ingestion_item WHERE parent_id = ? AND state = 'failed'"
                + " AND document_id IS NULL ORDER BY external_id")) { // one lock order, whoever else locks them
            ps.setObject(1, archive.id());
            try (var rs = ps.executeQuery()) {
                while (rs.next()) {
                    failed.add(new FailedEntry(
                            rs.getObject(1, UUID.class),
                            new DocumentStore.Failure(
                                    archive.collectionId(),
                                    rs.getString(2),
                                    rs.getString(3),
                                    rs.getString(4),
                                    rs.getLong(5),
                                    archive.aclGroups(),
                                    archive.metadata(),
                                    rs.getString(6),
                                    rs.getString(7))));
                }
            }
        }
        for (FailedEntry entry : failed) {
            String externalId = entry.failure().externalId();
            JobQueue.lockExternalId(c, archive.collectionId(), externalId);
            if (hiddenFromUploader(
                    archive,
                    DocumentEntity.findByExternalId(archive.collectionId(), externalId)
                            .orElse(null))) {
                continue;
            }
            UUID documentId = store.recordFailure(entry.failure());
            try (PreparedStatement ps = c.prepareStatement("UPDATE ingestion_item SET document_id = ? WHERE id = ?")) {
                ps.setObject(1, documentId);
                ps.setObject(2, entry.itemId());
                ps.executeUpdate();
            }
        }
    }

    /** An archive entry's item that failed as the archive expanded, and the failed document it is to get. */
    private record FailedEntry(UUID itemId, DocumentStore.Failure failure) {}

    /**
     * True when the document this item would replace is hidden by its ACL from the caller who uploaded the item: the
     * upload was checked when it was made, but the document's groups may have been narrowed while it was queued.
     */
    private static boolean hiddenFromUploader(ClaimedItem item, DocumentEntity current) {
        return current != null && !DocumentVisibility.visible(current.aclGroupList(), item.uploaderGroups());
    }

    private static DocentException hidden(ClaimedItem item) {
        return new DocentException(
                ErrorCode.FORBIDDEN,
                "The document with external id '" + item.externalId()
                        + "' was restricted while this upload was queued; the uploader may not change it.");
    }

    private static UUID unchanged(Connection c, ClaimedItem item) throws SQLException {
        return JobQueue.unchangedDocument(c, item.collectionId(), item.externalId(), item.sha256(), item.id());
    }

    /**
     * The collection's active embedding model, read under a share lock: a re-embedding's swap (which takes the row
     * exclusively) waits for this commit, or this commit sees the swapped model and re-embeds.
     */
    static String lockActiveModel(Connection c, UUID collectionId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT embedding_model FROM collection WHERE id = ? AND deleted_at IS NULL FOR SHARE")) {
            ps.setObject(1, collectionId);
            try (var rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new DocentException(dev.docent.shared.error.ErrorCode.NOT_FOUND, "The collection is gone.");
                }
                return rs.getString(1);
            }
        }
    }

    /** The collection switched models while the document was being embedded: embed it again with {@link #model}. */
    public static final class ModelChangedException extends RuntimeException {
        private final String model;

        ModelChangedException(String model) {
            super("the collection's embedding model changed to " + model, null, false, false);
            this.model = model;
        }

        public String model() {
            return model;
        }
    }

    private static void lockExternalId(Connection c, ClaimedItem item) throws SQLException {
        JobQueue.lockExternalId(c, item.collectionId(), item.externalId());
    }
}
