package dev.docent.shared.error;

/**
 * The one exception type that carries a stable {@link ErrorCode} to the API boundary. Its message is shown
 * to clients as the problem detail, so it must be human-readable and must never contain document text,
 * class names or secrets.
 */
public class DocentException extends RuntimeException {
    private final ErrorCode errorCode;
    private final Long retryAfterSeconds;

    public DocentException(ErrorCode errorCode, String detail) {
        super(detail);
        this.errorCode = errorCode;
        this.retryAfterSeconds = null;
    }

    /** An error the client may retry after {@code retryAfterSeconds} (sent as {@code Retry-After}). */
    public DocentException(ErrorCode errorCode, String detail, long retryAfterSeconds) {
        super(detail);
        this.errorCode = errorCode;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public DocentException(ErrorCode errorCode, String detail, Throwable cause) {
        super(detail, cause);
        this.errorCode = errorCode;
        this.retryAfterSeconds = null;
    }

    /** Seconds after which a retry may succeed, when the error says so. */
    public java.util.Optional<Long> retryAfterSeconds() {
        return java.util.Optional.ofNullable(retryAfterSeconds);
    }

    public ErrorCode errorCode() {
        return errorCode;
    }
}
