package dev.docent.answer.service;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A document's own numeric reference markers ("[7]", "[4, 5, 6]", "[2]-[3]") look exactly like Docent's citation
 * markers. In an answer text, and in the passages an LLM reads, they are written "(ref. 7)" instead, so neither a
 * reader nor a model takes them for citations. Citation quotes keep the document's text verbatim.
 */
public final class SourceMarkers {

    private static final Pattern MARKER =
            Pattern.compile("\\[(\\d{1,4}(?:\\s*[,;\u2013-]\\s*\\d{1,4})*)\\](?:\\s*([\u2013-])\\s*\\[(\\d{1,4})\\])?");

    private SourceMarkers() {}

    /** {@code text} with every numeric reference marker written as "(ref. n)". */
    public static String neutralise(String text) {
        if (text == null || text.indexOf('[') < 0) {
            return text;
        }
        return MARKER.matcher(text)
                .replaceAll(m -> Matcher.quoteReplacement(
                        "(ref. " + m.group(1) + (m.group(3) == null ? "" : m.group(2) + m.group(3)) + ")"));
    }
}
