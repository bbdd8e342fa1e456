package dev.docent.ingest.service;

import dev.docent.ingest.queue.ClaimedItem;
import dev.docent.ingest.queue.ItemState;
import dev.docent.ingest.queue.JobQueue;
import dev.docent.shared.error.DocentException;
import io.quarkus.hibernate.orm.panache.Panache;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
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
            Current current = current(c, item);
            if (current != null && uploaded < current.sourceSeq()) {
                // a later upload of this document finished first: it stays
                queue.markSuperseded(c, item.id(), current.id());
                return "superseded";
            }
            if (!item.force()) {
                UUID same = unchanged(c, item);
                if (same != null) {
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
            queue.lockOwned(c, item.id(), owner);
            UUID same = unchanged(c, item);
            if (same == null) {
                return false;
            }
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

    /** The document under the item's external id and the upload order of its current version. */
    private record Current(UUID id, long sourceSeq) {}

    private static Current current(Connection c, ClaimedItem item) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT id, coalesce(source_seq, 0) FROM document" + " WHERE collection_id = ? AND external_id = ?")) {
            ps.setObject(1, item.collectionId());
            ps.setString(2, item.externalId());
            try (var rs = ps.executeQuery()) {
                return rs.next() ? new Current(rs.getObject(1, UUID.class), rs.getLong(2)) : null;
            }
        }
    }

    /**
     * The document whose current version has the item's bytes, or null. Never while another upload of the same
     * external id is open: that one may commit later and would then win over this later upload of the same bytes, so
     * this one is stored like any new version (and stays, by its upload order).
     */
    private static UUID unchanged(Connection c, ClaimedItem item) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT id FROM document WHERE collection_id = ? AND"
                + " external_id = ? AND content_sha256 = ? AND status = 'succeeded' AND NOT EXISTS (SELECT 1 FROM"
                + " ingestion_item i WHERE i.collection_id = ? AND i.external_id = ? AND i.id <> ? AND i.state IN"
                + " ('queued','parsing','chunking','embedding','indexing'))")) {
            ps.setObject(1, item.collectionId());
            ps.setString(2, item.externalId());
            ps.setString(3, item.sha256());
            ps.setObject(4, item.collectionId());
            ps.setString(5, item.externalId());
            ps.setObject(6, item.id());
            try (var rs = ps.executeQuery()) {
                return rs.next() ? rs.getObject(1, UUID.class) : null;
            }
        }
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
