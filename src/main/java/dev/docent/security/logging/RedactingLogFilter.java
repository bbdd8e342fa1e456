package dev.docent.security.logging;

import io.quarkus.logging.LoggingFilter;
import java.util.logging.Filter;
import java.util.logging.LogRecord;
import org.jboss.logmanager.ExtLogRecord;

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
        if (record instanceof ExtLogRecord ext) {
            // keep the record's format style: setMessage(String) alone would turn a printf-style message
            // (Log.infof) into a MessageFormat one and log its "%d"s unformatted
            ext.setMessage(Redactor.redact(message), ext.getFormatStyle());
        } else {
            record.setMessage(Redactor.redact(message));
        }
        return true;
    }
}
