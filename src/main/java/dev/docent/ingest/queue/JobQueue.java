package dev.docent.ingest.queue;

import dev.docent.ingest.config.IngestConfig;
import dev.docent.shared.api.DependencyFailures;
import dev.docent.shared.error.DocentException;
import dev.docent.shared.error.ErrorCode;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * The ingestion queue in PostgreSQL. Items are claimed with {@code FOR UPDATE SKIP LOCKED} under a lease
 * ({@code lease_owner}, {@code lease_until}); an item whose lease expired (its worker died) is claimable again.
 * Every state change after a claim is conditional on the lease owner, so a worker that lost its lease can never
 * overwrite the work of the one that took over.
 */
@ApplicationScoped
public class JobQueue {
    static final String OPEN_ACTIVE = "('parsing','chunking','embedding','indexing')";
    /** Open states as the partial indexes of the queue name them (V2, V9, V26), so that the planner uses them. */
    static final String OPEN = "('queued','parsing','chunking','embedding','indexing')";

    private final DataSource db;
    private final IngestConfig.Queue config;
    private final JobAdmission admission;

    JobQueue(DataSource db, IngestConfig config) {
        this.db = db;
        this.config = config.queue();
        this.admission = new JobAdmission(config.maxConcurrentJobsPerCollection(), config.jobLimitRetryAfter());
    }

    /**
     * Creates a job holding the given files; identical re-uploads finish at once as {@code unchanged}.
     *
     * @param uploaderGroups the groups that restrict the caller's view of the collection, or null when nothing does;
     *     each item is checked against them again when it commits
     */
    @Transactional
    public UUID createJob(UUID collectionId, List<NewItem> items, long maxFileBytes, List<String> uploaderGroups) {
        UUID jobId = UUID.randomUUID();
        try (Connection c = db.getConnection()) {
            admission.admit(c, collectionId);
            insertJob(c, jobId, collectionId, uploaderGroups);
            int seq = 0;
            for (NewItem item : items) {
                insert(c, jobId, collectionId, null, ++seq, item, maxFileBytes);
            }
        } catch (SQLException e) {
            throw storeFailure(e);
        }
        return jobId;
    }

    /** Inserts one item; returns its id. */
    private UUID insert(Connection c, UUID jobId, UUID collectionId, UUID parent, int seq, NewItem item, long max)
            throws SQLException {
        UUID id = UUID.randomUUID();
        UUID unchangedDoc = item.force() ? null : unchangedAtUpload(c, collectionId, item.externalId(), item.sha256());
        DocentException failure = item.failure();
        if (failure == null && item.size() > max) {
            failure =
                    new DocentException(ErrorCode.TOO_LARGE, "The file is larger than the limit of " + max + " bytes.");
        }
        boolean tooLarge = failure != null;
        String sql = "INSERT INTO ingestion_item (id, job_id, collection_id, parent_id, seq, file_name, external_id,"
                + " acl_groups, force, content, size_bytes, content_sha256, state, outcome, error_code, error_message,"
                + " document_id, chunks_total, finished_at, metadata, upload_seq, chunks_done)"
                + " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,CAST(? AS jsonb),"
                + " coalesce((SELECT upload_seq FROM ingestion_item WHERE id = ?), nextval('ingestion_upload_seq')),"
                + " coalesce(?, 0)) RETURNING upload_seq";
        try (PreparedStatement ps = c.prepareStatement(sql);
                InputStream in = unchangedDoc != null || tooLarge ? null : Files.newInputStream(item.file())) {
            ps.setObject(1, id);
            ps.setObject(2, jobId);
            ps.setObject(3, collectionId);
            ps.setObject(4, parent);
            ps.setInt(5, seq);
            ps.setString(6, item.fileName());
            ps.setString(7, item.externalId());
            ps.setArray(
                    8,
                    item.aclGroups() == null
                            ? null
                            : c.createArrayOf("text", item.aclGroups().toArray()));
            ps.setString(20, OwnerMetadata.toJson(item.metadata()));
            ps.setObject(21, parent); // an archive's entries were uploaded with it
            Integer unchangedChunks = unchangedDoc == null ? null : chunkCount(c, unchangedDoc);
            ps.setObject(22, unchangedChunks); // an unchanged document is whole: all its chunks are done
            ps.setBoolean(9, item.force());
            if (in == null) {
                ps.setNull(10, java.sql.Types.BINARY);
            } else {
                ps.setBinaryStream(10, in, item.size());
            }
            ps.setLong(11, item.size());
            ps.setString(12, item.sha256());
            if (unchangedDoc != null) {
                ps.setString(13, ItemState.SUCCEEDED);
                ps.setString(14, "unchanged");
                ps.setString(15, null);
                ps.setString(16, null);
                ps.setObject(17, unchangedDoc);
                ps.setObject(18, unchangedChunks);
                ps.setTimestamp(19, Timestamp.from(Instant.now()));
            } else if (tooLarge) {
                ps.setString(13, ItemState.FAILED);
                ps.setString(14, null);
                ps.setString(15, failure.errorCode().code());
                ps.setString(16, failure.getMessage());
                ps.setObject(17, null);
                ps.setObject(18, null);
                ps.setTimestamp(19, Timestamp.from(Instant.now()));
            } else {
                ps.setString(13, ItemState.QUEUED);
                ps.setString(14, null);
                ps.setString(15, null);
                ps.setString(16, null);
                ps.setObject(17, null);
                ps.setObject(18, null);
                ps.setTimestamp(19, null);
            }
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                if (unchangedDoc != null) {
                    raiseSourceSeq(c, unchangedDoc, rs.getLong(1));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return id;
    }

    /**
     * {@link #unchangedDocument} for a new upload, checked under the document's lock when that lock is free at once
     * (else the upload is stored like any new version, which is always correct; waiting could deadlock two uploads
     * naming the same files in another order). Holding it until this upload commits keeps a commit of an earlier
     * upload of the document from slipping in between; one whose item this transaction cannot see yet (still being
     * uploaded or expanded) then finds the document's upload number raised by this one, and is superseded.
     */
    private static UUID unchangedAtUpload(Connection c, UUID collectionId, String externalId, String sha)
            throws SQLException {
        if (unchangedDocument(c, collectionId, externalId, sha, null) == null
                || !tryLockExternalId(c, collectionId, externalId)) {
            return null;
        }
        return unchangedDocument(c, collectionId, externalId, sha, null);
    }

    /**
     * Records that an upload numbered {@code uploadSeq} found the document's bytes unchanged: it counts as the
     * document's latest upload (ADR 0002 amendment), so an earlier upload that commits after it is superseded.
     */
    public static void raiseSourceSeq(Connection c, UUID documentId, long uploadSeq) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "UPDATE document SET source_seq = ? WHERE id = ? AND (source_seq IS NULL OR source_seq < ?)")) {
            ps.setLong(1, uploadSeq);
            ps.setObject(2, documentId);
            ps.setLong(3, uploadSeq);
            ps.executeUpdate();
        }
    }

    /**
     * The id of a succeeded document under this external id whose bytes have this sha-256, if any: an upload of
     * those bytes changes nothing. Never while another upload of the external id (other than {@code item}, which may
     * be null) is open: that one may commit later and would then win over this later upload of the same bytes, so
     * this one is stored like any new version (and stays, by its upload order; ADR 0002 amendment).
     */
    public static UUID unchangedDocument(Connection c, UUID collectionId, String externalId, String sha, UUID item)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT id FROM document WHERE collection_id = ? AND"
                + " external_id = ? AND content_sha256 = ? AND status = 'succeeded' AND NOT EXISTS (SELECT 1 FROM"
                + " ingestion_item i WHERE i.collection_id = ? AND i.external_id = ? AND i.id IS DISTINCT FROM ? AND"
                + " i.state IN ('queued'," + OPEN_ACTIVE.substring(1) + ")")) {
            ps.setObject(1, collectionId);
            ps.setString(2, externalId);
            ps.setString(3, sha);
            ps.setObject(4, collectionId);
            ps.setString(5, externalId);
            ps.setObject(6, item);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getObject(1, UUID.class) : null;
            }
        }
    }

    /** The number of chunks a document has. */
    public static int chunkCount(Connection c, UUID documentId) throws SQLException {
        return intById(c, "SELECT count(*) FROM chunk WHERE document_id = ?", documentId);
    }

    /** The single integer an aggregate query over one id returns (0 for SQL NULL). */
    private static int intById(Connection c, String sql, UUID id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setObject(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    /**
     * The first documents of every job (its items up to this {@code seq}) are claimed before the rest of any job of
     * the same collection: a small upload does not wait behind the tail of a large one. V27's index holds the same
     * number.
     */
    static final int EXPRESS_LANE = 10;

    /**
     * The item to claim, locked: among the collections with open items (found by a loose index scan, one probe per
     * collection), the oldest claimable item (the express lane, {@link #EXPRESS_LANE}, first) of the one with the fewest
     * documents in work right now, so that one
     * tenant's bulk import does not hold every other collection's uploads behind it. Its one parameter is the
     * attempt limit.
     */
    private static final String FAIR_CLAIM = "WITH RECURSIVE cols AS ("
            + "(SELECT collection_id FROM ingestion_item WHERE state IN " + OPEN + " ORDER BY collection_id LIMIT 1)"
            + " UNION ALL SELECT (SELECT o.collection_id FROM ingestion_item o WHERE o.state IN " + OPEN
            + " AND o.collection_id > c.collection_id ORDER BY o.collection_id LIMIT 1)"
            + " FROM cols c WHERE c.collection_id IS NOT NULL),"
            + " working AS (SELECT collection_id, count(*) AS n FROM ingestion_item WHERE state IN " + OPEN_ACTIVE
            + " AND lease_until >= now() GROUP BY collection_id)"
            + " SELECT x.id FROM cols c LEFT JOIN working w ON w.collection_id = c.collection_id"
            + " CROSS JOIN LATERAL (SELECT i.id, i.created_at, i.seq FROM ingestion_item i"
            + " WHERE i.collection_id = c.collection_id AND i.state IN " + OPEN
            + " AND ((i.state = 'queued' AND i.not_before <= now())"
            + " OR (i.state IN " + OPEN_ACTIVE + " AND i.lease_until < now())) AND i.attempts < ?"
            + " ORDER BY (i.seq > " + EXPRESS_LANE + "), i.created_at, i.seq LIMIT 1 FOR UPDATE SKIP LOCKED) x"
            + " WHERE c.collection_id IS NOT NULL"
            + " ORDER BY coalesce(w.n, 0), (x.seq > " + EXPRESS_LANE + "), x.created_at, x.seq LIMIT 1";

    /**
     * Claims a claimable item (queued and due, or active with an expired lease: its worker died): the oldest of the
     * collections with the fewest documents in work right now, so that collections share the workers. Items
     * whose worker died {@code maxAttempts} times fail with {@code internal} instead of being claimed again.
     *
     * <p>The lease belongs to this claim, not to the replica: {@code lease_owner} is {@link #lease(String, int)
     * owner#attempt}, and every later statement on the item names it so. A worker whose lease expired and was claimed
     * again, even by another thread of the same replica, can then neither renew, commit, fail nor requeue it.
     */
    public Optional<ClaimedItem> claim(String owner) {
        String sql = "UPDATE ingestion_item SET state = 'parsing', lease_owner = ? || '#' || (attempts + 1),"
                + " lease_until = now() + ?"
                + " * interval '1 millisecond', attempts = attempts + 1, chunks_done = 0,"
                + " started_at = coalesce(started_at, now())"
                + " WHERE id = (" + FAIR_CLAIM + ")"
                + " RETURNING id, job_id, collection_id, seq, file_name, external_id, archive_path, depth, acl_groups,"
                + " force, content_sha256, size_bytes, attempts, kind, target_model, metadata,"
                // a job that recorded no uploader (an older version made it) may only change unrestricted documents
                + " (SELECT CASE WHEN j.uploader_recorded THEN j.uploader_groups ELSE '{}'::text[] END"
                + " FROM ingestion_job j WHERE j.id = ingestion_item.job_id)";
        try (Connection c = db.getConnection()) {
            failAbandoned(c);
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setString(1, owner);
                ps.setLong(2, config.lease().toMillis());
                ps.setInt(3, config.maxAttempts());
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        return Optional.empty();
                    }
                    return Optional.of(new ClaimedItem(
                            rs.getObject(1, UUID.class),
                            rs.getObject(2, UUID.class),
                            rs.getObject(3, UUID.class),
                            rs.getInt(4),
                            rs.getString(5),
                            rs.getString(6),
                            rs.getString(7),
                            rs.getInt(8),
                            rs.getArray(9) == null ? null : strings(rs.getArray(9)),
                            OwnerMetadata.fromJson(rs.getString(16)),
                            rs.getBoolean(10),
                            rs.getString(11),
                            rs.getLong(12),
                            rs.getInt(13),
                            rs.getString(14),
                            rs.getString(15),
                            rs.getArray(17) == null ? null : strings(rs.getArray(17))));
                }
            }
        } catch (SQLException e) {
            throw storeFailure(e);
        }
    }

    /** The lease a claim holds: the replica's worker name and the claim's attempt number. */
    public static String lease(String owner, int attempt) {
        return owner + "#" + attempt;
    }

    /**
     * Fails the items no claim will take again: active ones whose last allowed worker died, and (defensively) queued
     * ones that used up their attempts. Rows another transaction holds are skipped, not waited for.
     */
    private void failAbandoned(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE ingestion_item SET state = 'failed',"
                + " error_code = 'internal', error_message = 'Processing this document stopped its worker '"
                + " || attempts || ' times; it was given up.', lease_owner = NULL, lease_until = NULL,"
                + " finished_at = now() WHERE id IN (SELECT id FROM ingestion_item WHERE ((state IN " + OPEN_ACTIVE
                + " AND lease_until < now()) OR state = 'queued') AND attempts >= ? FOR UPDATE SKIP LOCKED)")) {
            ps.setInt(1, config.maxAttempts());
            ps.executeUpdate();
        }
    }

    /** The stored bytes of an item. */
    public byte[] content(UUID itemId) {
        try (Connection c = db.getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT content FROM ingestion_item WHERE id = ?")) {
            ps.setObject(1, itemId);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new LeaseLostException(itemId); // deleted with its collection
                }
                if (rs.getBytes(1) == null) {
                    throw new DocentException(ErrorCode.INTERNAL, "The uploaded bytes are no longer stored.");
                }
                return rs.getBytes(1);
            }
        } catch (SQLException e) {
            throw storeFailure(e);
        }
    }

    /** Records progress and renews the lease; throws {@link LeaseLostException} when the item is no longer ours. */
    public void progress(UUID itemId, String owner, String state, Integer chunksTotal, int chunksDone) {
        String sql = "UPDATE ingestion_item SET state = ?, chunks_total = coalesce(?, chunks_total), chunks_done = ?,"
                + " lease_until = now() + ? * interval '1 millisecond' WHERE id = ? AND lease_owner = ? AND state IN "
                + OPEN_ACTIVE;
        try (Connection c = db.getConnection();
                PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, state);
            ps.setObject(2, chunksTotal);
            ps.setInt(3, chunksDone);
            ps.setLong(4, config.lease().toMillis());
            ps.setObject(5, itemId);
            ps.setString(6, owner);
            if (ps.executeUpdate() == 0) {
                throw new LeaseLostException(itemId);
            }
        } catch (SQLException e) {
            throw storeFailure(e);
        }
    }

    /**
     * Renews the given leases; returns how many were renewed. An item whose row a long transaction of its own worker
     * holds (a commit, an archive expansion, a re-embedding swap) is skipped rather than waited for, so one slow
     * commit never holds up the renewal of the others.
     */
    public int heartbeat(Collection<String> leases) {
        if (leases.isEmpty()) {
            return 0;
        }
        String sql = "UPDATE ingestion_item SET lease_until = now() + ? * interval '1 millisecond' WHERE id IN"
                + " (SELECT id FROM ingestion_item WHERE lease_owner = ANY (?) AND state IN " + OPEN_ACTIVE
                + " FOR UPDATE SKIP LOCKED)";
        try (Connection c = db.getConnection();
                PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setLong(1, config.lease().toMillis());
            ps.setArray(2, c.createArrayOf("text", leases.toArray()));
            return ps.executeUpdate();
        } catch (SQLException e) {
            throw storeFailure(e);
        }
    }

    /**
     * Inside the caller's transaction: locks the item and checks the lease is still ours, so the document write
     * and the item's completion commit together or not at all. Returns the item's upload order (0 for items from
     * before it was kept; ADR 0002 amendment).
     */
    public long lockOwned(Connection c, UUID itemId, String owner) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT coalesce(upload_seq, 0) FROM ingestion_item WHERE id = ?"
                + " AND lease_owner = ? AND state IN " + OPEN_ACTIVE + " FOR UPDATE")) {
            ps.setObject(1, itemId);
            ps.setString(2, owner);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new LeaseLostException(itemId);
                }
                return rs.getLong(1);
            }
        }
    }

    /** Inside the caller's transaction: marks a locked item done. */
    public void markDone(Connection c, UUID itemId, String state, String outcome, UUID documentId, Integer chunks)
            throws SQLException {
        // an expanded archive's entries were enqueued with their own bytes: the archive's are no longer needed
        try (PreparedStatement ps = c.prepareStatement("UPDATE ingestion_item SET state = ?, outcome = ?,"
                + " document_id = ?, chunks_total = coalesce(?, chunks_total), chunks_done = coalesce(?, chunks_done),"
                + " error_code = NULL, error_message = NULL, lease_owner = NULL, lease_until = NULL,"
                + " content = CASE WHEN ? THEN NULL ELSE content END, finished_at = now() WHERE id = ?")) {
            ps.setString(1, state);
            ps.setString(2, outcome);
            ps.setObject(3, documentId);
            ps.setObject(4, chunks);
            ps.setObject(5, chunks);
            ps.setBoolean(6, ItemState.EXPANDED.equals(state));
            ps.setObject(7, itemId);
            ps.executeUpdate();
        }
        if (documentId != null) {
            // only the bytes of a document's latest version are kept (for re-ingest on demand)
            try (PreparedStatement ps = c.prepareStatement("UPDATE ingestion_item SET content = NULL WHERE"
                    + " document_id = ? AND id <> ? AND content IS NOT NULL AND state IN ('succeeded','failed')")) {
                ps.setObject(1, documentId);
                ps.setObject(2, itemId);
                ps.executeUpdate();
            }
        }
    }

    /**
     * Inside the caller's transaction: ends a locked item whose upload came before the one its document's current
     * version is from. Its bytes are dropped; the document and the other items' bytes are left as they are.
     */
    public void markSuperseded(Connection c, UUID itemId, UUID documentId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE ingestion_item SET state = 'succeeded',"
                + " outcome = 'superseded', document_id = ?, content = NULL, error_code = NULL, error_message = NULL,"
                + " lease_owner = NULL, lease_until = NULL, finished_at = now() WHERE id = ?")) {
            ps.setObject(1, documentId);
            ps.setObject(2, itemId);
            ps.executeUpdate();
        }
    }

    /** Inside the caller's transaction: marks a locked item failed with a stable code. */
    public void markFailed(Connection c, UUID itemId, ErrorCode code, String message, UUID documentId)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE ingestion_item SET state = 'failed', error_code = ?,"
                + " error_message = ?, document_id = ?, content = NULL, lease_owner = NULL, lease_until = NULL,"
                + " finished_at = now() WHERE id = ?")) {
            ps.setString(1, code.code());
            ps.setString(2, message);
            ps.setObject(3, documentId);
            ps.setObject(4, itemId);
            ps.executeUpdate();
        }
    }

    /**
     * Creates a job with one item that re-embeds the collection into {@code targetModel}; {@code conflict} when a
     * re-embedding of the collection is already open (a unique partial index holds that line across replicas).
     */
    @Transactional
    public UUID createReembedJob(UUID collectionId, String targetModel) {
        UUID jobId = UUID.randomUUID();
        try (Connection c = db.getConnection()) {
            insertJob(c, jobId, collectionId, null);
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO ingestion_item (id, job_id, collection_id,"
                    + " seq, file_name, external_id, content_sha256, state, kind, target_model)"
                    + " VALUES (?, ?, ?, 1, ?, ?, '', 'queued', 'reembed', ?)")) {
                ps.setObject(1, UUID.randomUUID());
                ps.setObject(2, jobId);
                ps.setObject(3, collectionId);
                ps.setString(4, "re-embed into " + targetModel);
                ps.setString(5, "reembed:" + targetModel);
                ps.setString(6, targetModel);
                ps.executeUpdate();
            }
        } catch (SQLException e) {
            if ("23505".equals(e.getSQLState())) {
                throw new DocentException(
                        ErrorCode.CONFLICT, "The collection is already being re-embedded; wait for that job to end.");
            }
            throw storeFailure(e);
        }
        return jobId;
    }

    /**
     * Cancels the collection's open re-embedding, if any: its item fails {@code cancelled} (its worker loses the
     * lease and stops at its next batch) and the vectors it staged are dropped; true when there was one.
     */
    @Transactional
    public boolean cancelReembed(UUID collectionId, String reason) {
        try (Connection c = db.getConnection();
                PreparedStatement cancel = c.prepareStatement("UPDATE ingestion_item SET state = 'failed',"
                        + " error_code = ?, error_message = ?, lease_owner = NULL, lease_until = NULL,"
                        + " finished_at = now() WHERE collection_id = ? AND kind = 'reembed' AND state IN " + OPEN);
                PreparedStatement drop =
                        c.prepareStatement("DELETE FROM chunk_embedding_next WHERE collection_id = ?")) {
            cancel.setString(1, ErrorCode.CANCELLED.code());
            cancel.setString(2, reason);
            cancel.setObject(3, collectionId);
            if (cancel.executeUpdate() == 0) {
                return false;
            }
            drop.setObject(1, collectionId);
            drop.executeUpdate();
            return true;
        } catch (SQLException e) {
            throw storeFailure(e);
        }
    }

    /** Puts an item back in the queue after a transient error, to be retried after the backoff. */
    public void retryLater(UUID itemId, String owner) {
        requeue(itemId, owner, config.retryBackoff(), true, null);
    }

    /**
     * Puts the item back after its embedding endpoint was unavailable, without counting the attempt, while the item
     * first started less than {@code outage-patience} ago; false (nothing changed) once that has passed.
     */
    public boolean retryAfterOutage(UUID itemId, String owner) {
        return requeue(itemId, owner, config.outageBackoff(), false, config.outagePatience());
    }

    /** Queues a held item again after {@code backoff}; only if it first started within {@code patience}, if given. */
    private boolean requeue(UUID itemId, String owner, Duration backoff, boolean countAttempt, Duration patience) {
        try (Connection c = db.getConnection();
                PreparedStatement ps = c.prepareStatement("UPDATE ingestion_item SET state = 'queued',"
                        + " lease_owner = NULL, lease_until = NULL, chunks_done = 0,"
                        + (countAttempt ? "" : " attempts = greatest(attempts - 1, 0),")
                        + " not_before = now() + ? * interval '1 millisecond' WHERE id = ? AND lease_owner = ?"
                        + " AND state IN " + OPEN_ACTIVE
                        + (patience == null ? "" : " AND started_at > now() - ? * interval '1 millisecond'"))) {
            ps.setLong(1, backoff.toMillis());
            ps.setObject(2, itemId);
            ps.setString(3, owner);
            if (patience != null) {
                ps.setLong(4, patience.toMillis());
            }
            return ps.executeUpdate() == 1;
        } catch (SQLException e) {
            throw storeFailure(e);
        }
    }

    /**
     * Graceful shutdown: gives every item this replica's workers hold ({@link #lease leases} of {@code owner}) back to
     * the queue, without counting the attempt.
     */
    public int release(String owner) {
        try (Connection c = db.getConnection();
                PreparedStatement ps = c.prepareStatement("UPDATE ingestion_item SET state = 'queued',"
                        + " lease_owner = NULL, lease_until = NULL, chunks_done = 0,"
                        + " attempts = greatest(attempts - 1, 0) WHERE starts_with(lease_owner, ? || '#') AND state IN "
                        + OPEN_ACTIVE)) {
            ps.setString(1, owner);
            return ps.executeUpdate();
        } catch (SQLException e) {
            throw storeFailure(e);
        }
    }

    /** Inside the caller's transaction: adds an archive entry to the item's job. */
    public void insertChild(Connection c, ClaimedItem parent, int seq, NewItem entry, String archivePath, long max)
            throws SQLException {
        UUID id = insert(c, parent.jobId(), parent.collectionId(), parent.id(), seq, entry, max);
        try (PreparedStatement ps =
                c.prepareStatement("UPDATE ingestion_item SET archive_path = ?, depth = ? WHERE id = ?")) {
            ps.setString(1, archivePath);
            ps.setInt(2, parent.depth() + 1);
            ps.setObject(3, id);
            ps.executeUpdate();
        }
    }

    /**
     * Inside the caller's transaction: the highest item number of a job, with the job row locked until the
     * transaction ends, so two archives of one job expanded at once number their entries one after the other.
     */
    public int maxSeq(Connection c, UUID jobId) throws SQLException {
        intById(c, "SELECT 1 FROM ingestion_job WHERE id = ? FOR NO KEY UPDATE", jobId);
        return intById(c, "SELECT max(seq) FROM ingestion_item WHERE job_id = ?", jobId);
    }

    /** The collection a job belongs to, or empty when there is no such job. */
    public Optional<UUID> collectionOf(UUID jobId) {
        try (Connection c = db.getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT collection_id FROM ingestion_job WHERE id = ?")) {
            ps.setObject(1, jobId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getObject(1, UUID.class)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("job lookup failed", e);
        }
    }

    /** The job's collection and creation time, or empty when there is no such job. */
    public Optional<JobRow> job(UUID jobId) {
        try (Connection c = db.getConnection();
                PreparedStatement ps =
                        c.prepareStatement("SELECT collection_id, created_at FROM ingestion_job WHERE id = ?")) {
            ps.setObject(1, jobId);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                return Optional.of(new JobRow(
                        jobId, rs.getObject(1, UUID.class), rs.getTimestamp(2).toInstant(), items(c, jobId)));
            }
        } catch (SQLException e) {
            throw storeFailure(e);
        }
    }

    /** A job with its items. */
    public record JobRow(UUID id, UUID collectionId, Instant createdAt, List<ItemRow> items) {}

    private static List<ItemRow> items(Connection c, UUID jobId) throws SQLException {
        List<ItemRow> rows = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT i.id, i.parent_id, i.seq, i.file_name, i.external_id,"
                + " i.archive_path, i.state, i.outcome, i.error_code, i.error_message, i.document_id, i.chunks_done,"
                + " i.chunks_total, i.attempts, i.created_at, i.started_at, i.finished_at,"
                + " coalesce(i.acl_groups, d.acl_groups, '{}') FROM ingestion_item i LEFT JOIN document d"
                + " ON d.collection_id = i.collection_id AND d.external_id = i.external_id"
                + " WHERE i.job_id = ? ORDER BY i.seq")) {
            ps.setObject(1, jobId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.add(new ItemRow(
                            rs.getObject(1, UUID.class),
                            rs.getObject(2, UUID.class),
                            rs.getInt(3),
                            rs.getString(4),
                            rs.getString(5),
                            rs.getString(6),
                            rs.getString(7),
                            rs.getString(8),
                            rs.getString(9),
                            rs.getString(10),
                            rs.getObject(11, UUID.class),
                            rs.getInt(12),
                            (Integer) rs.getObject(13),
                            rs.getInt(14),
                            instant(rs.getTimestamp(15)),
                            instant(rs.getTimestamp(16)),
                            instant(rs.getTimestamp(17)),
                            strings(rs.getArray(18))));
                }
            }
        }
        return rows;
    }

    /**
     * Within the caller's transaction: locks every queue item of a collection (waiting for commits in progress),
     * ahead of deleting the collection.
     */
    public void lockItemsOf(UUID collectionId) {
        try (Connection c = db.getConnection();
                PreparedStatement ps = c.prepareStatement(
                        "SELECT id FROM ingestion_item WHERE collection_id = ? ORDER BY id FOR UPDATE")) {
            ps.setObject(1, collectionId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    // the rows are locked as they are read
                }
            }
        } catch (SQLException e) {
            throw storeFailure(e);
        }
    }

    /** Within the caller's transaction: forgets the uploaded bytes of a document that is being deleted. */
    public void dropContent(UUID documentId, UUID collectionId, String externalId) {
        try (Connection c = db.getConnection();
                PreparedStatement ps = c.prepareStatement("UPDATE ingestion_item SET content = NULL WHERE"
                        + " (document_id = ? OR (collection_id = ? AND external_id = ?)) AND content IS NOT NULL")) {
            ps.setObject(1, documentId);
            ps.setObject(2, collectionId);
            ps.setString(3, externalId);
            ps.executeUpdate();
        } catch (SQLException e) {
            throw storeFailure(e);
        }
    }

    /**
     * In the caller's transaction, before it deletes a document: fails every upload or re-ingest of that external id
     * still queued or in progress, so none brings the document back after the delete. A worker committing one of
     * them is waited for (its row is locked), and a worker still processing one loses its lease at commit.
     */
    public void cancelOpen(UUID collectionId, String externalId) {
        try (Connection c = db.getConnection();
                PreparedStatement ps = c.prepareStatement("UPDATE ingestion_item SET state = 'failed',"
                        + " error_code = 'conflict', error_message = 'The document was deleted while this upload was"
                        + " waiting or being processed; upload it again to restore it.', content = NULL,"
                        + " lease_owner = NULL, lease_until = NULL, finished_at = now() WHERE collection_id = ? AND"
                        + " external_id = ? AND state IN ('queued'," + OPEN_ACTIVE.substring(1))) {
            ps.setObject(1, collectionId);
            ps.setString(2, externalId);
            ps.executeUpdate();
        } catch (SQLException e) {
            throw storeFailure(e);
        }
    }

    /**
     * In the caller's transaction: serialises every write to one document (a version's commit or failure, a delete)
     * until the transaction ends. Take it after locking any item row, as the committer does.
     */
    public static void lockExternalId(Connection c, UUID collectionId, String externalId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT pg_advisory_xact_lock(hashtextextended(?, 0))")) {
            ps.setString(1, collectionId + "/" + externalId);
            ps.execute();
        }
    }

    /**
     * Deletes the document of this external id if it never had a good version (only a failed upload made it), under
     * the caller's {@link #lockExternalId lock}: what an archive's failed upload left once the archive expands.
     */
    public void dropFailedDocument(Connection c, UUID collectionId, String externalId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "DELETE FROM document WHERE collection_id = ? AND external_id = ? AND status = 'failed'")) {
            ps.setObject(1, collectionId);
            ps.setString(2, externalId);
            ps.executeUpdate();
        }
    }

    /**
     * The ACL groups of the documents an archive's earlier uploads made, by external id ({@code <archive>!/<path>},
     * nested entries included).
     */
    public Map<String, List<String>> entryGroups(Connection c, UUID collectionId, String archiveExternalId)
            throws SQLException {
        Map<String, List<String>> out = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT external_id, acl_groups FROM document"
                + " WHERE collection_id = ? AND starts_with(external_id, ?)")) {
            ps.setObject(1, collectionId);
            ps.setString(2, archiveExternalId + "!/");
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getString(1), List.of((String[]) rs.getArray(2).getArray()));
                }
            }
        }
        return out;
    }

    /** {@link #lockExternalId(Connection, UUID, String)} when no other transaction holds it; false otherwise. */
    private static boolean tryLockExternalId(Connection c, UUID collectionId, String externalId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT pg_try_advisory_xact_lock(hashtextextended(?, 0))")) {
            ps.setString(1, collectionId + "/" + externalId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() && rs.getBoolean(1);
            }
        }
    }

    /** In the caller's transaction: {@link #lockExternalId(Connection, UUID, String)} on a connection of its own. */
    public void lockExternalId(UUID collectionId, String externalId) {
        try (Connection c = db.getConnection()) {
            lockExternalId(c, collectionId, externalId);
        } catch (SQLException e) {
            throw storeFailure(e);
        }
    }

    /**
     * A new job re-ingesting the stored bytes of the document's latest upload regardless of their checksum, or
     * {@code conflict} when none are stored. The upload is chosen and copied in one statement: a commit that drops
     * older bytes meanwhile (a new version, or another re-ingest) cannot leave it copying nothing. The item states no
     * ACL groups and no metadata, so the document keeps its current ones (set later than that upload, perhaps).
     */
    @Transactional
    public UUID createReingestJob(UUID collectionId, UUID documentId, List<String> uploaderGroups) {
        UUID jobId = UUID.randomUUID();
        try (Connection c = db.getConnection()) {
            admission.admit(c, collectionId);
            insertJob(c, jobId, collectionId, uploaderGroups);
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO ingestion_item (id, job_id, collection_id,"
                    + " seq, file_name, external_id, archive_path, depth, force, content, size_bytes,"
                    + " content_sha256, state, upload_seq) SELECT ?, ?, collection_id, 1, file_name, external_id,"
                    + " archive_path, depth, true, content, size_bytes, content_sha256, 'queued', upload_seq"
                    + " FROM ingestion_item WHERE document_id = ? AND content IS NOT NULL"
                    + " ORDER BY finished_at DESC NULLS LAST LIMIT 1")) {
                ps.setObject(1, UUID.randomUUID());
                ps.setObject(2, jobId);
                ps.setObject(3, documentId);
                if (ps.executeUpdate() == 0) {
                    throw new DocentException(
                            ErrorCode.CONFLICT, "The bytes of this document are no longer stored; upload it again.");
                }
            }
        } catch (SQLException e) {
            throw storeFailure(e);
        }
        return jobId;
    }

    /** Items not yet finished, and the age of the oldest queued one (for metrics). */
    public QueueStats stats() {
        try (Connection c = db.getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT count(*) FILTER (WHERE state = 'queued'),"
                        + " count(*) FILTER (WHERE state IN " + OPEN_ACTIVE + "),"
                        + " coalesce(extract(epoch FROM now() - min(created_at) FILTER (WHERE state = 'queued')), 0)"
                        + " FROM ingestion_item WHERE state IN ('queued'," + OPEN_ACTIVE.substring(1))) {
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return new QueueStats(rs.getLong(1), rs.getLong(2), rs.getDouble(3));
            }
        } catch (SQLException e) {
            throw storeFailure(e);
        }
    }

    /** Queue depth (queued, in progress) and the age in seconds of the oldest queued item. */
    public record QueueStats(long queued, long inProgress, double oldestQueuedSeconds) {}

    static List<String> strings(Array array) throws SQLException {
        if (array == null) {
            return List.of();
        }
        return Arrays.stream((Object[]) array.getArray()).map(String::valueOf).toList();
    }

    private static Instant instant(Timestamp ts) {
        return ts == null ? null : ts.toInstant();
    }

    /**
     * A failed queue statement: 503 when the database could not be reached, else an internal error (logged, and a
     * 400 when the database refused a value of the request; {@code ProblemMapper}).
     */
    static DocentException storeFailure(SQLException e) {
        if (DependencyFailures.isDatabaseUnavailable(e)) {
            return new DocentException(
                    ErrorCode.UNAVAILABLE, "The ingestion queue is unavailable; try again later.", e);
        }
        return new DocentException(ErrorCode.INTERNAL, "The ingestion queue could not store this request.", e);
    }

    /** Lease settings, for the workers. */
    public Duration heartbeatInterval() {
        return config.heartbeat();
    }

    /**
     * Adds a job to a live collection. The collection row is share-locked until the caller commits, so a concurrent
     * delete (which marks the row) either comes first, and the job is refused as not found, or waits for the job.
     */
    private static void insertJob(Connection c, UUID jobId, UUID collectionId, List<String> uploaderGroups)
            throws SQLException {
        try (PreparedStatement ps =
                c.prepareStatement("SELECT 1 FROM collection WHERE id = ? AND deleted_at IS NULL FOR SHARE")) {
            ps.setObject(1, collectionId);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new DocentException(ErrorCode.NOT_FOUND, "Collection " + collectionId + " not found");
                }
            }
        }
        try (PreparedStatement ps =
                c.prepareStatement("INSERT INTO ingestion_job (id, collection_id, uploader_groups, uploader_recorded)"
                        + " VALUES (?, ?, ?, true)")) {
            ps.setObject(1, jobId);
            ps.setObject(2, collectionId);
            ps.setArray(3, uploaderGroups == null ? null : c.createArrayOf("text", uploaderGroups.toArray()));
            ps.executeUpdate();
        }
    }
}
