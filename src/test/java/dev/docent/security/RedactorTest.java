package dev.docent.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.docent.security.logging.Redactor;
import org.junit.jupiter.api.Test;

class RedactorTest {

    @Test
    void emailsPhonesCardsAndSecretsAreReplaced() {
        String line = "user jane.doe@example.org called +1 (555) 010-2233 paid 4111 1111 1111 1111 with "
                + "Authorization: Bearer dk_AbCdEf0123456789xyz";
        assertThat(Redactor.redact(line))
                .isEqualTo("user [email] called [phone] paid [card] with Authorization: [secret]");
    }

    @Test
    void addressesDatesAndTimesAreNotPhoneNumbers() {
        String line = "cluster on 127.0.0.1:54382 since 2026-11-23 23:37:49.815, next check 2026-11-24T00:00:00";
        assertThat(Redactor.redact(line)).isEqualTo(line);
        assertThat(Redactor.redact("call 555-010-2233 or +44 20 7946 0958")).isEqualTo("call [phone] or [phone]");
    }

    @Test
    void printfStyleLogRecordsStayFormattedAfterRedaction() {
        var record = new org.jboss.logmanager.ExtLogRecord(
                java.util.logging.Level.INFO,
                "parsing in up to %d workers; mail %s",
                org.jboss.logmanager.ExtLogRecord.FormatStyle.PRINTF,
                RedactorTest.class.getName());
        record.setParameters(new Object[] {2, "ops@example.org"});
        assertThat(new dev.docent.security.logging.RedactingLogFilter().isLoggable(record))
                .isTrue();
        assertThat(record.getFormattedMessage()).isEqualTo("parsing in up to 2 workers; mail [email]");
    }

    @Test
    void ordinaryLogLinesAreLeftAlone() {
        String line = "ingested document 3f1c0a9e-1b2c-4d5e-8f90-123456789abc: 12 chunks in 2.5 s (HTTP 201)";
        assertThat(Redactor.redact(line)).isEqualTo(line);
    }
}
