package dev.docent.shared.error;

/**
 * Stable, documented error codes. The {@link #code()} string is part of the public API: clients branch
 * on it, so a code is never renamed once shipped.
 */
public enum ErrorCode {
    VALIDATION_FAILED("validation_failed", 400, "Invalid request"),
    UNAUTHENTICATED("unauthenticated", 401, "Credentials missing or invalid"),
    FORBIDDEN("forbidden", 403, "Not allowed"),
    NOT_FOUND("not_found", 404, "Not found"),
    CONFLICT("conflict", 409, "Conflict"),
    TOO_LARGE("too_large", 413, "Payload too large"),
    UNSUPPORTED_TYPE("unsupported_type", 415, "Unsupported document type"),
    METHOD_NOT_ALLOWED("method_not_allowed", 405, "Method not allowed"),
    NOT_ACCEPTABLE("not_acceptable", 406, "No acceptable response type"),
    UNSUPPORTED_MEDIA_TYPE("unsupported_media_type", 415, "Unsupported request content type"),
    ENCRYPTED("encrypted", 422, "Document is encrypted"),
    CORRUPT("corrupt", 422, "Document is corrupt"),
    EMPTY("empty", 422, "Document is empty"),
    NO_TEXT("no_text", 422, "Document has no extractable text"),
    TIMEOUT("timeout", 422, "Document took too long to parse"),
    RATE_LIMITED("rate_limited", 429, "Too many requests"),
    TOKEN_BUDGET_EXHAUSTED("token_budget_exhausted", 429, "Daily LLM token budget used up"),
    TOO_MANY_JOBS("too_many_jobs", 429, "Too many unfinished ingestion jobs in the collection"),
    UNAVAILABLE("unavailable", 503, "Service temporarily unavailable"),
    INTERNAL("internal", 500, "Internal error"),
    PASSWORD_PROTECTED("password_protected", 422, "Archive is password-protected"),
    TOO_DEEP("too_deep", 422, "Archives nested too deeply"),
    TOO_MANY_ENTRIES("too_many_entries", 422, "Archive has too many entries"),
    COMPRESSION_RATIO("compression_ratio", 422, "Archive expands too much"),
    /** The parse needed more memory than one isolated parse may use (the parser process ran out of heap). */
    RESOURCE_LIMIT("resource_limit", 422, "Document needs more memory than a parse may use"),
    /** The isolated parser process died on this document (crash other than running out of memory). */
    PARSER_CRASHED("parser_crashed", 422, "The parser crashed on this document"),
    /** A job item stopped on request (a re-embedding whose collection was switched back to its model). */
    CANCELLED("cancelled", 409, "Cancelled");

    private final String code;
    private final int status;
    private final String title;

    ErrorCode(String code, int status, String title) {
        this.code = code;
        this.status = status;
        this.title = title;
    }

    public String code() {
        return code;
    }

    public int status() {
        return status;
    }

    public String title() {
        return title;
    }
}
