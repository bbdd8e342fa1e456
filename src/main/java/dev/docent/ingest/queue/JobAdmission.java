package dev.docent.ingest.queue;

import dev.docent.shared.error.DocentException;
import dev.docent.shared.error.ErrorCode;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.UUID;

/**
 * Bounds the unfinished ingestion jobs of one collection (docs/adr/0043). Runs inside the transaction that creates
 * the job: a transaction-scoped advisory lock per collection serialises concurrent creations (on any replica), so
 * the count it reads cannot be overtaken before the new job commits.
 */
final class JobAdmission {
    /** First key of the advisory lock, so it cannot collide with other advisory locks of the database. */
    private static final int LOCK_SPACE = 0x4A4F4253; // "JOBS"

    private final int maxOpenJobs;
    private final long retryAfterSeconds;

    JobAdmission(int maxOpenJobs, Duration retryAfter) {
        this.maxOpenJobs = maxOpenJobs;
        this.retryAfterSeconds = Math.max(1, (retryAfter.toMillis() + 999) / 1000);
    }

    /** Fails with {@code too_many_jobs} when the collection already holds the maximum of unfinished jobs. */
    void admit(Connection c, UUID collectionId) throws SQLException {
        if (maxOpenJobs <= 0) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT pg_advisory_xact_lock(?, hashtext(?))")) {
            ps.setInt(1, LOCK_SPACE);
            ps.setString(2, collectionId.toString());
            ps.execute();
        }
        int open;
        try (PreparedStatement ps = c.prepareStatement("SELECT count(DISTINCT job_id) FROM ingestion_item"
                + " WHERE collection_id = ? AND state IN ('queued'," + JobQueue.OPEN_ACTIVE.substring(1))) {
            ps.setObject(1, collectionId);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                open = rs.getInt(1);
            }
        }
        if (open >= maxOpenJobs) {
            throw new DocentException(
                    ErrorCode.TOO_MANY_JOBS,
                    "The collection already has " + open + " unfinished ingestion jobs (the limit is " + maxOpenJobs
                            + "); retry when one has finished.",
                    retryAfterSeconds);
        }
    }
}
