package dev.docent.ingest.service;

import dev.docent.ingest.config.IngestConfig;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;
import org.jboss.logging.Logger;

/**
 * Removes the rows of collections marked deleted ({@code collection.deleted_at}, V18), in short transactions: first
 * the collection's remaining jobs, then its chunks and its documents {@code docent.ingest.purge.batch} at a time,
 * then the collection row, whose cascade takes what is left (keyword statistics, conversations). Each transaction
 * takes the collection row with {@code FOR UPDATE SKIP LOCKED}, so replicas share the work without waiting on each
 * other, and a purge interrupted by a crash or a shutdown goes on from where it stopped at the next pass.
 */
@ApplicationScoped
public class CollectionPurger {
    private static final Logger LOG = Logger.getLogger(CollectionPurger.class);

    private final DataSource db;
    private final IngestConfig.Purge config;
    private final int batch;
    private final Counter purgedChunks;
    private final Object signal = new Object();
    private volatile boolean stopping;
    private Thread thread;

    CollectionPurger(DataSource db, IngestConfig config, MeterRegistry registry) {
        this.db = db;
        this.config = config.purge();
        this.batch = Math.max(1, this.config.batch());
        this.purgedChunks = Counter.builder("docent.ingest.purged.chunks")
                .description("Chunks of deleted collections removed by the background purge")
                .register(registry);
    }

    void start(@Observes StartupEvent event) {
        if (!config.enabled()) {
            return;
        }
        thread = Thread.ofPlatform().daemon().name("docent-collection-purge").start(this::loop);
    }

    void stop(@Observes ShutdownEvent event) {
        stopping = true;
        if (thread != null) {
            thread.interrupt();
        }
    }

    /** Wakes the purger (after a local delete). */
    public void wake() {
        synchronized (signal) {
            signal.notifyAll();
        }
    }

    /** Purges every collection marked deleted that no other purger holds, until none is left. */
    public void purgeAll() {
        while (!stopping && purgeStep()) {
            // one batch per transaction
        }
    }

    /** One batch of one deleted collection, in its own transaction; false when no deleted collection is free. */
    private boolean purgeStep() {
        try (Connection c = db.getConnection()) {
            c.setAutoCommit(false);
            try {
                Optional<Marked> collection = claim(c);
                if (collection.isEmpty()) {
                    c.rollback();
                    return false;
                }
                UUID id = collection.get().id();
                int chunks = 0;
                if (update(c, "DELETE FROM ingestion_job WHERE collection_id = ?", id) == 0
                        && (chunks = deleteBatch(c, "chunk", id)) == 0
                        && deleteBatch(c, "document", id) == 0) {
                    update(c, "DELETE FROM collection WHERE id = ?", id);
                    LOG.infof(
                            "collection %s: rows purged %.1f s after its deletion",
                            id, collection.get().seconds());
                }
                c.commit();
                purgedChunks.increment(chunks);
                return true;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("purge of deleted collections failed: " + e.getMessage(), e);
        }
    }

    /** Deletes up to one batch of the collection's rows of {@code table}; returns how many. */
    private int deleteBatch(Connection c, String table, UUID id) throws SQLException {
        return update(
                c,
                "DELETE FROM " + table + " WHERE id IN (SELECT id FROM " + table + " WHERE collection_id = ? LIMIT "
                        + batch + ")",
                id);
    }

    /** A collection marked deleted, and how long ago. */
    private record Marked(UUID id, double seconds) {}

    private static Optional<Marked> claim(Connection c) throws SQLException {
        try (PreparedStatement ps =
                c.prepareStatement("SELECT id, extract(epoch FROM clock_timestamp() - deleted_at) FROM collection"
                        + " WHERE deleted_at IS NOT NULL ORDER BY deleted_at LIMIT 1 FOR UPDATE SKIP LOCKED")) {
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next()
                        ? Optional.of(new Marked(rs.getObject(1, UUID.class), rs.getDouble(2)))
                        : Optional.empty();
            }
        }
    }

    private static int update(Connection c, String sql, UUID id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setObject(1, id);
            return ps.executeUpdate();
        }
    }

    private void loop() {
        while (!stopping) {
            try {
                purgeAll();
            } catch (RuntimeException e) {
                LOG.warnf("%s (retried at the next pass)", e.getMessage());
            }
            synchronized (signal) {
                try {
                    signal.wait(config.poll().toMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }
}
