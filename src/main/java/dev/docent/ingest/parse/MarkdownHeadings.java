package dev.docent.ingest.parse;

import dev.docent.ingest.parse.ParsedDocument.Heading;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Heading structure of Markdown text, which Tika reads as plain text: ATX headings ({@code ## Setup}, up to six
 * {@code #}, closing {@code #}s dropped) and setext headings (a line underlined with {@code ===} or {@code ---}),
 * never inside fenced code blocks. The text is left as it is; each heading points at the start of its line.
 */
final class MarkdownHeadings {

    private static final Pattern ATX = Pattern.compile("^ {0,3}(#{1,6})[ \\t]+(.*?)(?:[ \\t]+#+)?[ \\t]*$");
    private static final Pattern FENCE = Pattern.compile("^ {0,3}(`{3,}|~{3,})");
    private static final Pattern SETEXT = Pattern.compile("^ {0,3}(=+|-+)[ \\t]*$");
    private static final Pattern LIST_OR_QUOTE = Pattern.compile("^ {0,3}(?:[-*+>]|\\d{1,9}[.)])(?:[ \\t]|$)");
    private static final int MAX_CHARS = 300;

    private MarkdownHeadings() {}

    static List<Heading> of(String text) {
        List<Heading> headings = new ArrayList<>();
        String fence = null;
        boolean inParagraph = false;
        String previous = null; // the text of a one-line paragraph just read, which "===" or "---" makes a heading
        int previousStart = -1;
        int lineStart = 0;
        while (lineStart <= text.length()) {
            int nl = text.indexOf('\n', lineStart);
            int lineEnd = nl < 0 ? text.length() : nl;
            String line = text.substring(lineStart, lineEnd);
            Matcher fenceMatch = FENCE.matcher(line);
            Matcher atx = ATX.matcher(line);
            Matcher setext = SETEXT.matcher(line);
            if (fence != null) {
                if (fenceMatch.find()
                        && fenceMatch.group(1).charAt(0) == fence.charAt(0)
                        && fenceMatch.group(1).length() >= fence.length()) {
                    fence = null;
                }
                inParagraph = false;
                previous = null;
            } else if (fenceMatch.find()) {
                fence = fenceMatch.group(1);
                inParagraph = false;
                previous = null;
            } else if (atx.matches() && !atx.group(2).isBlank()) {
                add(headings, atx.group(1).length(), atx.group(2), lineStart + atx.start(1));
                inParagraph = false;
                previous = null;
            } else if (setext.matches() && previous != null) {
                add(headings, setext.group(1).charAt(0) == '=' ? 1 : 2, previous, previousStart);
                inParagraph = false;
                previous = null;
            } else if (line.isBlank() || LIST_OR_QUOTE.matcher(line).find() || line.startsWith("    ")) {
                inParagraph = !line.isBlank() && inParagraph;
                previous = null;
            } else {
                previous = inParagraph ? null : line.strip();
                previousStart = lineStart + (line.length() - line.stripLeading().length());
                inParagraph = true;
            }
            if (nl < 0) {
                break;
            }
            lineStart = nl + 1;
        }
        return headings;
    }

    private static void add(List<Heading> headings, int level, String text, int start) {
        String t = text.strip();
        if (t.length() > MAX_CHARS) {
            t = t.substring(0, MAX_CHARS).strip();
        }
        headings.add(new Heading(level, t, start));
    }
}
