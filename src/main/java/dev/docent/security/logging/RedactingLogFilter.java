package dev.docent.security.logging;

import io.quarkus.logging.LoggingFilter;
import java.util.logging.Filter;
import java.util.logging.LogRecord;

/**
 * Redacts personal data and secrets from every log record before any handler writes it (enabled on the console
 * and file handlers in application.properties). Content is not meant to be logged at all; this is the net
 * under that rule.
 */
@LoggingFilter(name = "docent-redact")
public final class RedactingLogFilter implements Filter {

    @Override
    public boolean isLoggable(LogRecord record) {
        String message = record.getMessage();
        Object[] params = record.getParameters();
        if (params != null) {
            Object[] redacted = new Object[params.length];
            for (int i = 0; i < params.length; i++) {
                redacted[i] = params[i] instanceof String s ? Redactor.redact(s) : params[i];
            }
            record.setParameters(redacted);
        }
        record.setMessage(Redactor.redact(message));
        return true;
    }
}
