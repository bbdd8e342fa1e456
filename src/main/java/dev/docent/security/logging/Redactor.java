package dev.docent.security.logging;

import java.util.regex.Pattern;

/** Replaces e-mail addresses, phone numbers, card-like numbers and bearer secrets in text with placeholders. */
public final class Redactor {
    private static final Pattern EMAIL = Pattern.compile("[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\\.[A-Za-z]{2,}");
    private static final Pattern CARD = Pattern.compile("\\b\\d(?:[ -]?\\d){12,18}\\b");
    private static final Pattern PHONE = Pattern.compile("(?<![\\w.])\\+?\\d[\\d ()./-]{7,}\\d\\b");
    private static final Pattern SECRET = Pattern.compile("(?i)(bearer\\s+|dk_)[A-Za-z0-9._~+/=-]{8,}");
    /** Digit runs the phone pattern also matches that start like IPv4 addresses or ISO dates: not phone numbers. */
    private static final Pattern NOT_PHONE = Pattern.compile("\\d{1,3}(?:\\.\\d{1,3}){3}\\b|\\d{4}-\\d{2}-\\d{2}\\b");

    private Redactor() {}

    public static String redact(String text) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        String out = SECRET.matcher(text).replaceAll("[secret]");
        out = EMAIL.matcher(out).replaceAll("[email]");
        out = CARD.matcher(out).replaceAll("[card]");
        return PHONE.matcher(out)
                .replaceAll(m -> NOT_PHONE.matcher(m.group()).lookingAt()
                        ? java.util.regex.Matcher.quoteReplacement(m.group())
                        : "[phone]");
    }
}
