package dev.docent.shared.api;

import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The one spelling of an id the API accepts: a UUID in its canonical 8-4-4-4-12 form of ASCII hex digits (either
 * case). {@link UUID#fromString} is far more lenient (full-width digits, {@code +} signs, short groups all parse to
 * an existing id), so letting it read a path while authorization matched the canonical form would let a request
 * name a collection the filter never checked. Both sides use this rule instead: the auth filter and the path
 * parameter converter.
 */
public final class Ids {
    private static final Pattern CANONICAL =
            Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    private Ids() {}

    /** True when {@code text} is a UUID in canonical form. */
    public static boolean isCanonical(String text) {
        return text != null && CANONICAL.matcher(text).matches();
    }
}
