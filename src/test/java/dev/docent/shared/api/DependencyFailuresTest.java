package dev.docent.shared.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.docent.shared.error.DocentException;
import dev.docent.shared.error.ErrorCode;
import jakarta.persistence.PersistenceException;
import java.net.ConnectException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import org.hibernate.exception.JDBCConnectionException;
import org.junit.jupiter.api.Test;

class DependencyFailuresTest {

    @Test
    void recognisesConnectionFailuresWhateverWrapsThem() {
        SQLException refused = new SQLException("Connection to 127.0.0.1:5432 refused", "08001");
        assertThat(DependencyFailures.isDatabaseUnavailable(refused)).isTrue();
        assertThat(DependencyFailures.isDatabaseUnavailable(
                        new PersistenceException(new JDBCConnectionException("could not prepare statement", refused))))
                .isTrue();
        assertThat(DependencyFailures.isDatabaseUnavailable(new IllegalStateException(
                        new DocentException(ErrorCode.INTERNAL, "x", new SQLTransientConnectionException("gone")))))
                .isTrue();
        assertThat(DependencyFailures.isDatabaseUnavailable(new RuntimeException(new ConnectException("refused"))))
                .isTrue();
    }

    @Test
    void recognisesServerShutdownAndAgroalAcquisitionTimeout() {
        assertThat(DependencyFailures.isDatabaseUnavailable(
                        new SQLException("terminating connection due to administrator command", "57P01")))
                .isTrue();
        assertThat(DependencyFailures.isDatabaseUnavailable(
                        new SQLException("the database system is starting up", "57P03")))
                .isTrue();
        assertThat(DependencyFailures.isDatabaseUnavailable(
                        new RuntimeException(new SQLException("Sorry, acquisition timeout!"))))
                .isTrue();
    }

    @Test
    void recognisesAFailedCommitReportedAsSuppressed() {
        // Narayana: RollbackException("Could not commit transaction") with the XAException suppressed, caused by
        // the PostgreSQL connection being terminated by a server shutdown.
        var rollback = new jakarta.transaction.RollbackException("ARJUNA016053: Could not commit transaction.");
        var xa = new javax.transaction.xa.XAException("Error trying to transactionCommit local transaction");
        xa.initCause(new SQLException("FATAL: terminating connection due to administrator command", "57P01"));
        rollback.addSuppressed(xa);
        assertThat(DependencyFailures.isDatabaseUnavailable(
                        new RuntimeException("Error invoking subclass method", rollback)))
                .isTrue();
    }

    @Test
    void recognisesValuesTheDatabaseRefusedWhateverWrapsThem() {
        SQLException nul = new SQLException("invalid byte sequence for encoding \"UTF8\": 0x00", "22021");
        assertThat(DependencyFailures.isBadValue(new PersistenceException(new RuntimeException(nul))))
                .isTrue();
        assertThat(DependencyFailures.isBadValue(new SQLException("timestamp out of range", "22008")))
                .isTrue();
        assertThat(DependencyFailures.isBadValue(new SQLException("duplicate key", "23505")))
                .isFalse();
        assertThat(DependencyFailures.isBadValue(new SQLException("refused", "08001")))
                .isFalse();
    }

    @Test
    void otherDatabaseErrorsAreNotOutages() {
        assertThat(DependencyFailures.isDatabaseUnavailable(new SQLException("duplicate key", "23505")))
                .isFalse();
        assertThat(DependencyFailures.isDatabaseUnavailable(new SQLException("syntax error", "42601")))
                .isFalse();
        assertThat(DependencyFailures.isDatabaseUnavailable(new IllegalArgumentException("bad")))
                .isFalse();
        assertThat(DependencyFailures.isDatabaseUnavailable(null)).isFalse();
    }

    @Test
    void survivesCauseCycles() {
        RuntimeException a = new RuntimeException("a");
        RuntimeException b = new RuntimeException("b", a);
        a.initCause(b);
        assertThat(DependencyFailures.isDatabaseUnavailable(b)).isFalse();
    }
}
