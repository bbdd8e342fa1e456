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
    void ordinaryLogLinesAreLeftAlone() {
        String line = "ingested document 3f1c0a9e-1b2c-4d5e-8f90-123456789abc: 12 chunks in 2.5 s (HTTP 201)";
        assertThat(Redactor.redact(line)).isEqualTo(line);
    }
}
