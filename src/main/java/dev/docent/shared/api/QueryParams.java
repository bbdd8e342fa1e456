package dev.docent.shared.api;

import dev.docent.shared.error.DocentException;
import dev.docent.shared.error.ErrorCode;

/**
 * Numbers and booleans from query parameters, read by the resource so that a malformed one is a 400 naming it (the
 * JAX-RS conversion of a typed query parameter answers 404, as if the resource did not exist).
 */
public final class QueryParams {
    private QueryParams() {}

    /** {@code value} as an integer within {@code [min, max]}, or {@code fallback} when absent. */
    public static int integer(String name, String value, int fallback, int min, int max) {
        if (value == null || value.isBlank()) {
            return fallback;
        }
        int n;
        try {
            n = Integer.parseInt(value.strip());
        } catch (NumberFormatException e) {
            throw invalid(name + " must be an integer from " + min + " to " + max);
        }
        if (n < min || n > max) {
            throw invalid(name + " must be an integer from " + min + " to " + max);
        }
        return n;
    }

    /** {@code value} as {@code true} or {@code false}, or {@code fallback} when absent. */
    public static boolean bool(String name, String value, boolean fallback) {
        if (value == null || value.isBlank()) {
            return fallback;
        }
        return switch (value.strip()) {
            case "true" -> true;
            case "false" -> false;
            default -> throw invalid(name + " must be true or false");
        };
    }

    private static DocentException invalid(String message) {
        return new DocentException(ErrorCode.VALIDATION_FAILED, message);
    }
}
