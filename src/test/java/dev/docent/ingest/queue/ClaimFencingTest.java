package dev.docent.ingest.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.docent.testsupport.PostgresTestResource;
import dev.docent.testsupport.Sql;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * A lease belongs to one claim, not to the replica that made it: when an item's lease expired and it was claimed
 * again, even by another thread of the same replica, the first claim can neither renew it, report progress, nor put
 * it back in the queue (which used to leave it queued with no attempts left, so its job never ended).
 */
@QuarkusTest
@QuarkusTestResource(value = PostgresTestResource.class, restrictToAnnotatedClass = false)
class ClaimFencingTest {

    @Inject
    DataSource db;

    @Inject
    JobQueue queue;

    @Test
    void aStaleClaimOfTheSameReplicaCannotTouchTheItemsNewClaim() throws Exception {
        String replica = "replica-" + UUID.randomUUID();
        String first = JobQueue.lease(replica, 2);
        String second = JobQueue.lease(replica, 3);
        // the item's second claim expired and a third claim of the same replica holds it now, on its last attempt
        UUID item = insertItem("parsing", 3, second, "now() + interval '10 minutes'");

        queue.retryLater(item, first);
        assertThat(queue.heartbeat(List.of(first))).isZero();
        assertThatThrownBy(() -> queue.progress(item, first, "embedding", 10, 5))
                .isInstanceOf(LeaseLostException.class);
        assertThat(stateOf(item)).isEqualTo("parsing");

        assertThat(queue.heartbeat(List.of(second))).isEqualTo(1);
        queue.progress(item, second, "embedding", 10, 5);
        assertThat(stateOf(item)).isEqualTo("embedding");
    }

    @Test
    void aQueuedItemWithNoAttemptsLeftFailsInsteadOfWaitingForever() throws Exception {
        UUID item = insertItem("queued", 3, null, "NULL");

        queue.claim("replica-" + UUID.randomUUID()); // every claim first fails what no claim would take

        assertThat(stateOf(item)).isEqualTo("failed");
    }

    @Test
    void aCollectionWithNothingInWorkIsServedBeforeOneWithADocumentInWork() throws Exception {
        // collection A: a document in work (its lease runs) and two older queued ones; collection B: one newer one
        String a = IngestionJobTest.newCollection();
        UUID working = insertItem(a, "parsing", 1, JobQueue.lease("elsewhere", 1), "now() + interval '10 minutes'");
        holdNewItems();
        UUID olderA1 = insertItem(a, "queued", 0, null, "NULL");
        UUID olderA2 = insertItem(a, "queued", 0, null, "NULL");
        Thread.sleep(20);
        UUID newerB = insertItem(IngestionJobTest.newCollection(), "queued", 0, null, "NULL");
        release(olderA1, olderA2, newerB);
        try {
            // whoever claims (this test or the service's own workers), B's document goes first
            queue.claim("replica-" + UUID.randomUUID());
            long deadline = System.currentTimeMillis() + 10_000;
            while (System.currentTimeMillis() < deadline
                    && (startedAt(olderA1) == null || startedAt(olderA2) == null)) {
                Thread.sleep(50);
                queue.claim("replica-" + UUID.randomUUID());
            }
            assertThat(startedAt(newerB)).isNotNull();
            assertThat(startedAt(newerB)).isBefore(startedAt(olderA1)).isBefore(startedAt(olderA2));
        } finally {
            try (Connection c = db.getConnection()) {
                Sql.exec(c, "UPDATE ingestion_item SET state = 'failed' WHERE id = ?", working);
            }
        }
    }

    @Test
    void aSmallUploadGoesBeforeTheTailOfALargeJobInTheSameCollection() throws Exception {
        // job A's first documents are done; its tail (seq 11 on) waits. Job B, newer, has two documents.
        String c = IngestionJobTest.newCollection();
        UUID jobA = UUID.randomUUID();
        holdNewItems();
        UUID tail1 = insertItem(c, jobA, 11, "queued", 0, null, "NULL");
        UUID tail2 = insertItem(c, jobA, 12, "queued", 0, null, "NULL");
        Thread.sleep(20);
        UUID jobB = UUID.randomUUID();
        UUID small1 = insertItem(c, jobB, 1, "queued", 0, null, "NULL");
        UUID small2 = insertItem(c, jobB, 2, "queued", 0, null, "NULL");
        release(tail1, tail2, small1, small2);
        long deadline = System.currentTimeMillis() + 10_000;
        while (System.currentTimeMillis() < deadline && (startedAt(tail1) == null || startedAt(tail2) == null)) {
            queue.claim("replica-" + UUID.randomUUID());
            Thread.sleep(50);
        }
        // oldest first would have taken the whole tail of A first (a 1,500-entry archive: an hour)
        assertThat(startedAt(small1)).isNotNull().isBefore(startedAt(tail1));
        assertThat(startedAt(small2)).isNotNull().isBefore(startedAt(tail1));
    }

    private java.time.Instant startedAt(UUID item) throws Exception {
        try (Connection c = db.getConnection();
                PreparedStatement ps =
                        c.prepareStatement("SELECT started_at FROM ingestion_item WHERE id = ? AND attempts > 0")) {
            ps.setObject(1, item);
            try (var rs = ps.executeQuery()) {
                return rs.next() && rs.getTimestamp(1) != null
                        ? rs.getTimestamp(1).toInstant()
                        : null;
            }
        }
    }

    /**
     * When inserted items become claimable: the fairness tests hold them back until all are in, so that the
     * service's own workers cannot claim the first before the last exists.
     */
    private String notBefore = "now()";

    private void holdNewItems() {
        notBefore = "'infinity'";
    }

    private void release(UUID... items) throws Exception {
        notBefore = "now()";
        try (Connection c = db.getConnection();
                PreparedStatement ps =
                        c.prepareStatement("UPDATE ingestion_item SET not_before = now() WHERE id = ANY(?)")) {
            ps.setArray(1, c.createArrayOf("uuid", items));
            ps.executeUpdate();
        }
    }

    private UUID insertItem(String state, int attempts, String lease, String leaseUntil) throws Exception {
        return insertItem(IngestionJobTest.newCollection(), state, attempts, lease, leaseUntil);
    }

    private UUID insertItem(String collection, String state, int attempts, String lease, String leaseUntil)
            throws Exception {
        return insertItem(collection, UUID.randomUUID(), 1, state, attempts, lease, leaseUntil);
    }

    private UUID insertItem(
            String collection, UUID job, int seq, String state, int attempts, String lease, String leaseUntil)
            throws Exception {
        UUID item = UUID.randomUUID();
        try (Connection c = db.getConnection()) {
            Sql.exec(
                    c,
                    "INSERT INTO ingestion_job (id, collection_id) VALUES (?, ?::uuid) ON CONFLICT DO NOTHING",
                    job,
                    collection);
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO ingestion_item (id, job_id, collection_id, seq,"
                    + " file_name, external_id, content, size_bytes, content_sha256, state, attempts, lease_owner,"
                    + " lease_until, started_at, not_before) VALUES (?, ?, ?::uuid, " + seq + ", 'f" + seq + ".txt', 'f"
                    + seq + ".txt', ?, 5, 'sha', ?, ?, ?, "
                    + leaseUntil + ", CASE WHEN ? = 'queued' THEN NULL ELSE now() END, " + notBefore + ")")) {
                ps.setObject(1, item);
                ps.setObject(2, job);
                ps.setString(3, collection);
                ps.setBytes(4, "hello".getBytes());
                ps.setString(5, state);
                ps.setInt(6, attempts);
                ps.setString(7, lease);
                ps.setString(8, state);
                ps.executeUpdate();
            }
        }
        return item;
    }

    private String stateOf(UUID item) throws Exception {
        return Sql.string(db, "SELECT state FROM ingestion_item WHERE id = ?", item);
    }
}
