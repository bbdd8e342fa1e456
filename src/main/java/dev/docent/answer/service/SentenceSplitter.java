package dev.docent.answer.service;

import dev.docent.shared.text.Abbreviations;
import dev.docent.shared.text.TableRows;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Splits text into sentence spans. Offsets are into the given string, {@code [start, end)}, with
 * surrounding whitespace trimmed, so {@code text.substring(start, end)} is the sentence verbatim.
 *
 * <p>Rules: a line break ends a sentence unless it is a wrapped line (see {@link #isSoftLineBreak}), and always
 * before and after a table row (a row is one sentence, whatever its cells say); {@code .}, {@code !} and {@code ?} (optionally
 * followed by closing quotes/brackets) end a sentence when followed by whitespace or the end of the
 * text, except after known abbreviations (e.g., i.e., et al., Fig., Dr., Mr., U.S., ...) and single
 * letter initials. Decimals such as {@code 3.5} never split because the period is not followed by
 * whitespace.
 */
public final class SentenceSplitter {

    /** A sentence span {@code [start, end)}. */
    public record Span(int start, int end) {
        public String of(String text) {
            return text.substring(start, end);
        }
    }

    /** Abbreviations that end a sentence when the next word starts with an upper-case letter. */
    private static final Set<String> TERMINAL_ABBREVIATIONS = Set.of("etc");

    private SentenceSplitter() {}

    public static List<Span> split(String text) {
        List<Span> spans = new ArrayList<>();
        if (text == null || text.isEmpty()) {
            return spans;
        }
        int n = text.length();
        int start = 0;
        int i = 0;
        while (i < n) {
            char c = text.charAt(i);
            if (c == '\n' || c == '\r') {
                if (isSoftLineBreak(text, i)) {
                    i++;
                    continue;
                }
                add(text, start, i, spans);
                start = i + 1;
                i++;
                continue;
            }
            if (c == '.' || c == '!' || c == '?') {
                int end = i + 1;
                // swallow runs of terminators ("?!", "...") and closing quotes/brackets
                while (end < n && isTerminatorTail(text.charAt(end))) {
                    end++;
                }
                // a tab separates table cells, never sentences
                boolean atBoundary = end >= n || Character.isWhitespace(text.charAt(end)) && text.charAt(end) != '\t';
                if (atBoundary && (c != '.' || periodEndsSentence(text, i, end)) && !inTableRow(text, i)) {
                    add(text, start, end, spans);
                    start = end;
                }
                i = end;
                continue;
            }
            i++;
        }
        add(text, start, n, spans);
        return spans;
    }

    /** Whether the char at {@code i} is on a table row, which is quoted whole, never cut at a sentence end. */
    private static boolean inTableRow(String text, int i) {
        int lineEnd = text.indexOf('\n', i);
        return TableRows.isRow(text.substring(text.lastIndexOf('\n', i) + 1, lineEnd < 0 ? text.length() : lineEnd));
    }

    /** Lines at least this long that end without punctuation are treated as wrapped prose. */
    private static final int WRAPPED_LINE_MIN_CHARS = 40;

    /**
     * A line break inside wrapped prose is not a sentence end: the break is soft when the next text starts
     * lower-case or after a hyphen (across at most one blank line, as PDFs ingested before their lines were
     * rejoined have one between every line), or when it is a single newline after a line that ends without
     * terminal punctuation, is long or ends with a word that leaves the clause open, and the next line is not
     * a list item. Short lines (titles, headings) and paragraph breaks stay hard.
     */
    private static boolean isSoftLineBreak(String text, int i) {
        int lineEnd = i;
        while (lineEnd > 0 && Character.isWhitespace(text.charAt(lineEnd - 1))) {
            lineEnd--;
        }
        int next = lineEnd;
        int newlines = 0;
        while (next < text.length() && Character.isWhitespace(text.charAt(next))) {
            if (text.charAt(next) == '\n') {
                newlines++;
            }
            next++;
        }
        if (next >= text.length() || lineEnd == 0) {
            return false;
        }
        int lineStart = text.lastIndexOf('\n', lineEnd - 1) + 1;
        String line = text.substring(lineStart, lineEnd).strip();
        if (line.isEmpty()) {
            return false;
        }
        int nextEnd = text.indexOf('\n', next);
        if (TableRows.isRow(line) || TableRows.isRow(text.substring(next, nextEnd < 0 ? text.length() : nextEnd))) {
            return false; // every row of a table is a sentence of its own
        }
        char after = text.charAt(next);
        char before = line.charAt(line.length() - 1);
        if (Character.isLowerCase(after) || (before == '-' && Character.isLetter(after))) {
            return newlines <= 2;
        }
        boolean unfinished = ".!?:;".indexOf(before) < 0;
        boolean listItem = after == '-' || after == '*' || after == '\u2022' || Character.isDigit(after);
        return unfinished
                && !listItem
                && newlines == 1
                && (line.length() >= WRAPPED_LINE_MIN_CHARS || endsWithFunctionWord(line));
    }

    /**
     * Words that leave a clause open ("... control of many", "... consists of an"): a line ending with one runs on,
     * however short it is. A chunk that starts in the middle of a wrapped line has a short first line.
     */
    private static final Set<String> OPEN_WORDS =
            Set.of(("a an the of to in on at by for from with into onto over under about between through and or nor "
                            + "but that which who whose whom than as is are was were be been being has have had do does "
                            + "did can could will would shall should may might must its their our his her my your this "
                            + "these those many some several few each every all most more such any no not")
                    .split(" "));

    private static boolean endsWithFunctionWord(String line) {
        int end = line.length();
        int start = end;
        while (start > 0 && Character.isLetter(line.charAt(start - 1))) {
            start--;
        }
        return start < end
                && (start == 0 || Character.isWhitespace(line.charAt(start - 1)))
                && OPEN_WORDS.contains(line.substring(start, end));
    }

    private static boolean isTerminatorTail(char c) {
        return c == '.'
                || c == '!'
                || c == '?'
                || c == '"'
                || c == '\''
                || c == ')'
                || c == ']'
                || c == '}'
                || c == '\u201D'
                || c == '\u2019'
                || c == '\u00BB';
    }

    /** Whether the period at {@code dot} (whose terminator run ends at {@code end}) ends a sentence. */
    private static boolean periodEndsSentence(String text, int dot, int end) {
        // an ellipsis or "?." etc. right after: treat as a real end
        if (end > dot + 1 && text.charAt(dot + 1) != '.' && !isClosing(text.charAt(dot + 1))) {
            return true;
        }
        int tokenStart = dot;
        while (tokenStart > 0 && !Character.isWhitespace(text.charAt(tokenStart - 1))) {
            tokenStart--;
        }
        String token = text.substring(tokenStart, dot);
        if (token.chars().noneMatch(Character::isLetter)) {
            return true;
        }
        if (Abbreviations.isAbbreviation(token)) {
            return false; // "e.g.", "pp.", an initial such as "J. Smith"
        }
        if (Abbreviations.isDottedAcronym(token)
                || TERMINAL_ABBREVIATIONS.contains(
                        token.replaceFirst("^[^\\p{L}]+", "").toLowerCase(Locale.ROOT))) {
            return nextWordIsCapitalised(text, end); // "(21 U.S.C. 812)" runs on
        }
        return true;
    }

    private static boolean isClosing(char c) {
        return c == '"'
                || c == '\''
                || c == ')'
                || c == ']'
                || c == '}'
                || c == '\u201D'
                || c == '\u2019'
                || c == '\u00BB';
    }

    private static boolean nextWordIsCapitalised(String text, int from) {
        int j = from;
        while (j < text.length() && (text.charAt(j) == ' ' || text.charAt(j) == '\t')) {
            j++;
        }
        if (j >= text.length() || text.charAt(j) == '\n' || text.charAt(j) == '\r') {
            return true;
        }
        return Character.isUpperCase(text.charAt(j));
    }

    private static void add(String text, int start, int end, List<Span> spans) {
        int s = start;
        int e = end;
        while (s < e && Character.isWhitespace(text.charAt(s))) {
            s++;
        }
        while (e > s && Character.isWhitespace(text.charAt(e - 1))) {
            e--;
        }
        if (e > s) {
            spans.add(new Span(s, e));
        }
    }
}
