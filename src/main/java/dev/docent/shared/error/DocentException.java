package dev.docent.shared.error;

/**
 * The one exception type that carries a stable {@link ErrorCode} to the API boundary. Its message is shown
 * to clients as the problem detail, so it must be human-readable and must never contain document text,
 * class names or secrets.
 */
public class DocentException extends RuntimeException {
    private final ErrorCode errorCode;

    public DocentException(ErrorCode errorCode, String detail) {
        super(detail);
        this.errorCode = errorCode;
    }

    public DocentException(ErrorCode errorCode, String detail, Throwable cause) {
        super(detail, cause);
        this.errorCode = errorCode;
    }

    public ErrorCode errorCode() {
        return errorCode;
    }
}
