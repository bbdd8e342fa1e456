package dev.docent.shared.text;

/**
 * Text PostgreSQL can store as given: no NUL character (a {@code text} or {@code jsonb} value cannot hold one) and no
 * unpaired UTF-16 surrogate (it would be stored as '?', so what was stored would differ from what was sent).
 */
public final class StorableText {
    private StorableText() {}

    /** Whether {@code s} (null counts as storable) can be stored exactly as it is. */
    public static boolean isStorable(String s) {
        if (s == null) {
            return true;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\0') {
                return false;
            }
            if (Character.isHighSurrogate(c)) {
                if (i + 1 >= s.length() || !Character.isLowSurrogate(s.charAt(i + 1))) {
                    return false;
                }
                i++;
            } else if (Character.isLowSurrogate(c)) {
                return false;
            }
        }
        return true;
    }

    /** {@code s} with every NUL character and unpaired surrogate replaced by U+FFFD (for names read from files). */
    public static String sanitized(String s) {
        if (isStorable(s)) {
            return s;
        }
        StringBuilder out = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean pair =
                    Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1));
            if (pair) {
                out.append(c).append(s.charAt(++i));
            } else if (c == '\0' || Character.isSurrogate(c)) {
                out.append('\uFFFD');
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    /** Why text that is not {@link #isStorable storable} cannot be stored, for a client's error message. */
    public static final String REASON = "holds a NUL character or an unpaired surrogate, which cannot be stored";
}
