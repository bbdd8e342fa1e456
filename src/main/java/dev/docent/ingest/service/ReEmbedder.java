package dev.docent.ingest.service;

import com.pgvector.PGvector;
import dev.docent.ingest.config.IngestConfig;
import dev.docent.ingest.embed.Embedder;
import dev.docent.ingest.embed.EmbeddingModels;
import dev.docent.ingest.queue.ClaimedItem;
import dev.docent.ingest.queue.ItemState;
import dev.docent.ingest.queue.JobQueue;
import dev.docent.shared.error.DocentException;
import dev.docent.shared.error.ErrorCode;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import org.jboss.logging.Logger;

/**
 * Re-embeds a collection into another model while searches keep using the old vectors (ADR 0006). The new vectors
 * of every current chunk go to {@code chunk_embedding_next}, one committed batch at a time (so a replica killed
 * with -9 resumes where it stopped); new uploads meanwhile are stored with the old model and picked up by the same
 * sweep. When no chunk lacks a new vector, one transaction (holding the collection row exclusively, which in-flight
 * document commits share) copies the vectors into {@code chunk}, flips {@code collection.embedding_model}, empties
 * the staging rows and completes the job. A failed re-embedding deletes its staging rows; the old model stays.
 */
@ApplicationScoped
public class ReEmbedder {
    private static final Logger LOG = Logger.getLogger(ReEmbedder.class);
    private static final String MISSING = "FROM chunk c WHERE c.collection_id = ? AND NOT EXISTS"
            + " (SELECT 1 FROM chunk_embedding_next n WHERE n.chunk_id = c.id AND n.model = ?)";

    private static final String SWEEP = "SELECT c.id, c.text, c.heading_path, d.title, c.table_header "
            + MISSING.replace("FROM chunk c", "FROM chunk c JOIN document d ON d.id = c.document_id")
            + " AND c.id > ? ORDER BY c.id LIMIT ?";

    private final DataSource db;
    private final JobQueue queue;
    private final EmbeddingModels models;
    private final int batch;

    ReEmbedder(DataSource db, JobQueue queue, EmbeddingModels models, IngestConfig config) {
        this.db = db;
        this.queue = queue;
        this.models = models;
        this.batch = Math.max(1, config.queue().embedBatch());
    }

    /** The collection's active embedding model. */
    public String activeModel(UUID collectionId) {
        try (Connection c = db.getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT embedding_model FROM collection WHERE id = ?")) {
            ps.setObject(1, collectionId);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new DocentException(ErrorCode.NOT_FOUND, "Collection " + collectionId + " not found");
                }
                return rs.getString(1);
            }
        } catch (SQLException e) {
            throw new DocentException(ErrorCode.UNAVAILABLE, "The database is unavailable; try again later.", e);
        }
    }

    /** Runs the re-embedding item to its swap; throws (and the worker retries or fails it) when embedding fails. */
    public void run(ClaimedItem item, String owner) {
        String target = item.targetModel();
        Embedder embedder = models.forStoredModel(target);
        try {
            int done = prepare(item.collectionId(), target);
            int total = done + count(item.collectionId(), target);
            queue.progress(item.id(), owner, ItemState.EMBEDDING, total, done);
            long after = 0;
            int swaps = 0;
            while (true) {
                // keyset sweep in id order, then anti-join passes for chunks committed behind the cursor
                List<Row> rows =
                        after >= 0 ? sweep(item.collectionId(), target, after) : missing(item.collectionId(), target);
                if (rows.isEmpty() && after >= 0) {
                    after = -1;
                    total = done + count(item.collectionId(), target);
                    continue;
                }
                // few chunks left behind the cursor: swap. Once a swap has found chunks committed meanwhile, the
                // next ones embed such stragglers (one batch at most) under their lock, so uploads that keep
                // arriving cannot hold the swap off for ever.
                if (after < 0 && rows.size() < batch && (rows.isEmpty() || swaps > 0)) {
                    queue.progress(item.id(), owner, ItemState.INDEXING, Math.max(total, done), done);
                    if (swap(item, owner, target, swaps++ > 0 ? embedder : null)) {
                        LOG.infof("re-embedding: collection %s now uses %s", item.collectionId(), target);
                        return;
                    }
                    continue;
                }
                List<float[]> vectors =
                        embedder.embedPassages(rows.stream().map(Row::text).toList());
                done += store(item, owner, target, rows, vectors);
                if (after >= 0) {
                    after = rows.get(rows.size() - 1).id();
                }
                queue.progress(item.id(), owner, ItemState.EMBEDDING, Math.max(total, done), done);
            }
        } catch (SQLException e) {
            throw new DocentException(ErrorCode.UNAVAILABLE, "The database is unavailable; try again later.", e);
        }
    }

    /** Ends a re-embedding that will not be retried: the old model stays, the new vectors are deleted. */
    public void fail(ClaimedItem item, String owner, DocentException error) {
        try (Connection c = db.getConnection()) {
            c.setAutoCommit(false);
            try {
                queue.lockOwned(c, item.id(), owner);
                deleteStaging(c, item.collectionId());
                queue.markFailed(c, item.id(), error.errorCode(), error.getMessage(), null);
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw new DocentException(ErrorCode.UNAVAILABLE, "The database is unavailable; try again later.", e);
        }
    }

    /** Drops staging rows of another model (an abandoned earlier re-embedding); returns how many are already done. */
    private int prepare(UUID collection, String target) throws SQLException {
        try (Connection c = db.getConnection();
                PreparedStatement del =
                        c.prepareStatement("DELETE FROM chunk_embedding_next WHERE collection_id = ? AND model <> ?");
                PreparedStatement ps = c.prepareStatement(
                        "SELECT count(*) FROM chunk_embedding_next WHERE collection_id = ? AND model = ?")) {
            del.setObject(1, collection);
            del.setString(2, target);
            del.executeUpdate();
            ps.setObject(1, collection);
            ps.setString(2, target);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    private int count(UUID collection, String target) throws SQLException {
        try (Connection c = db.getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT count(*) " + MISSING)) {
            ps.setObject(1, collection);
            ps.setString(2, target);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    private List<Row> sweep(UUID collection, String target, long after) throws SQLException {
        return rows(SWEEP, collection, target, after);
    }

    /** Chunks without a new vector whatever their id (those committed behind the sweep's cursor). */
    private List<Row> missing(UUID collection, String target) throws SQLException {
        return sweep(collection, target, 0);
    }

    private List<Row> rows(String sql, UUID collection, String target, long after) throws SQLException {
        try (Connection c = db.getConnection()) {
            return rows(c, sql, collection, target, after, batch);
        }
    }

    private static List<Row> rows(Connection c, String sql, UUID collection, String target, long after, int limit)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setObject(1, collection);
            ps.setString(2, target);
            ps.setLong(3, after);
            ps.setInt(4, limit);
            List<Row> rows = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.add(new Row(
                            rs.getLong(1),
                            IngestionPipeline.embeddingText(
                                    rs.getString(4), strings(rs.getArray(3)), rs.getString(5), rs.getString(2))));
                }
            }
            return rows;
        }
    }

    /**
     * Stores one batch (chunks deleted meanwhile are skipped) while the item's lease holds: a re-embedding cancelled
     * or taken over meanwhile stages nothing more; returns how many were stored.
     */
    private int store(ClaimedItem item, String owner, String target, List<Row> rows, List<float[]> vectors)
            throws SQLException {
        try (Connection c = db.getConnection()) {
            c.setAutoCommit(false);
            try {
                queue.lockOwned(c, item.id(), owner);
                int stored = store(c, target, rows, vectors);
                c.commit();
                return stored;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        }
    }

    private static int store(Connection c, String target, List<Row> rows, List<float[]> vectors) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO chunk_embedding_next (chunk_id, collection_id,"
                + " model, embedding) SELECT c.id, c.collection_id, ?, ? FROM chunk c WHERE c.id = ?"
                + " ON CONFLICT (chunk_id) DO UPDATE SET model = excluded.model, embedding = excluded.embedding")) {
            int stored = 0;
            for (int i = 0; i < rows.size(); i++) {
                ps.setString(1, target);
                ps.setObject(2, new PGvector(vectors.get(i)));
                ps.setLong(3, rows.get(i).id());
                try {
                    stored += ps.executeUpdate();
                } catch (SQLException e) {
                    if (!"23503".equals(e.getSQLState())) { // the chunk was deleted meanwhile: nothing to store
                        throw e;
                    }
                }
            }
            return stored;
        }
    }

    /**
     * The swap, in one transaction; {@code false} when a chunk still lacks a new vector (try again). With
     * {@code underLock}, up to one batch of chunks that lack it (committed since the last pass) is embedded while the
     * collection is locked, which keeps new commits out, so the swap completes however often uploads arrive.
     */
    boolean swap(ClaimedItem item, String owner, String target, Embedder underLock) throws SQLException {
        UUID collection = item.collectionId();
        try (Connection c = db.getConnection()) {
            c.setAutoCommit(false);
            try {
                queue.lockOwned(c, item.id(), owner);
                try (PreparedStatement lock =
                        c.prepareStatement("SELECT embedding_model FROM collection WHERE id = ? FOR UPDATE")) {
                    lock.setObject(1, collection);
                    lock.executeQuery().close();
                }
                try (PreparedStatement ps = c.prepareStatement("SELECT EXISTS (SELECT 1 " + MISSING + ")")) {
                    ps.setObject(1, collection);
                    ps.setString(2, target);
                    try (ResultSet rs = ps.executeQuery()) {
                        rs.next();
                        if (rs.getBoolean(1) && (underLock == null || !embedStragglers(c, item, target, underLock))) {
                            c.rollback();
                            return false;
                        }
                    }
                }
                int chunks;
                try (PreparedStatement ps = c.prepareStatement("UPDATE chunk c SET embedding = n.embedding,"
                        + " embedding_model = n.model FROM chunk_embedding_next n WHERE n.chunk_id = c.id"
                        + " AND n.collection_id = ? AND n.model = ?")) {
                    ps.setObject(1, collection);
                    ps.setString(2, target);
                    chunks = ps.executeUpdate();
                }
                try (PreparedStatement ps = c.prepareStatement(
                        // every vector was just written again, so all of them are inline now (V14, V15)
                        "UPDATE collection SET embedding_model = ?, vectors_inline = true WHERE id = ?")) {
                    ps.setString(1, target);
                    ps.setObject(2, collection);
                    ps.executeUpdate();
                }
                deleteStaging(c, collection);
                queue.markDone(c, item.id(), ItemState.SUCCEEDED, "reembedded", null, chunks);
                c.commit();
                return true;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        }
    }

    /** Embeds and stages the chunks still missing a new vector when they fit one batch; {@code false} otherwise. */
    private boolean embedStragglers(Connection c, ClaimedItem item, String target, Embedder embedder)
            throws SQLException {
        List<Row> rows = rows(c, SWEEP, item.collectionId(), target, 0, batch + 1);
        if (rows.size() > batch) {
            return false;
        }
        List<float[]> vectors =
                embedder.embedPassages(rows.stream().map(Row::text).toList());
        store(c, target, rows, vectors);
        LOG.infof(
                "re-embedding: collection %s, %d chunk(s) committed during the last pass embedded under the swap's lock",
                item.collectionId(), rows.size());
        return true;
    }

    private static void deleteStaging(Connection c, UUID collection) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM chunk_embedding_next WHERE collection_id = ?")) {
            ps.setObject(1, collection);
            ps.executeUpdate();
        }
    }

    private static List<String> strings(Array array) throws SQLException {
        return array == null
                ? List.of()
                : Arrays.stream((Object[]) array.getArray())
                        .map(String::valueOf)
                        .toList();
    }

    private record Row(long id, String text) {}
}
