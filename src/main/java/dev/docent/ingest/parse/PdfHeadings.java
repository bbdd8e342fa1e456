package dev.docent.ingest.parse;

import dev.docent.ingest.parse.ParsedDocument.Heading;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Section headings of a PDF that declares none. Tika's PDF text has no heading markup, so a paper's "I. INTRODUCTION"
 * or a report's "2.1 Scope" would end up at the tail of the previous chunk, and every chunk's heading path would be
 * empty. A line counts as a heading when it stands alone (its own paragraph after reflow), is short, does not end like
 * a sentence, is followed by prose, and either carries a section number with a capitalised title ("3 Results", "2.1 Related work",
 * "IV. DISCUSSION", "B. Data") or is a short line in capitals ("REFERENCES"). Lines repeated on several pages (running
 * heads), captions ("Table 1", "Figure 2") and anything in a table are not headings. When that finds fewer than two
 * headings, or so many that they cannot be sections, it finds none.
 */
final class PdfHeadings {
    private static final int MAX_CHARS = 80;
    private static final int MAX_WORDS = 10;
    /** At most one heading per this many characters of text, else the "headings" are a list or a form. */
    private static final int MIN_CHARS_PER_HEADING = 400;
    /** Characters of the paragraph after a heading, at least. */
    private static final int MIN_BODY_CHARS = 60;

    private static final Pattern NUMBERED = Pattern.compile("(\\d{1,2}(?:\\.\\d{1,2}){0,3})\\.?\\s+(\\p{Lu}.*)");
    private static final Pattern ROMAN = Pattern.compile("([IVX]{1,5})\\.\\s+(\\p{Lu}.*)");
    private static final Pattern LETTER = Pattern.compile("([A-H])\\.\\s+(\\p{Lu}.*)");
    private static final Pattern CAPTION =
            Pattern.compile("(?i)(table|tab|figure|fig|chart|exhibit|page|appendix table)\\b.*");

    private PdfHeadings() {}

    /** The headings found in {@code text} (already reflowed), in order; none when the text does not show them. */
    static List<Heading> detect(String text, List<Integer> pageStarts) {
        List<int[]> lines = standaloneLines(text);
        Set<String> repeated = repeatedLines(text, pageStarts);
        List<Heading> found = new ArrayList<>();
        for (int[] line : lines) {
            String block = text.substring(line[0], line[1]).strip();
            int nl = block.indexOf('\n');
            String first = nl < 0 ? block : block.substring(0, nl).strip();
            if (repeated.contains(normalised(first))) {
                continue;
            }
            int level;
            String heading;
            if (nl < 0) {
                heading = block;
                level = level(block);
            } else {
                // a numbered title wrapped onto a second line: "IV. BEYOND STRING CONTROL: ENABLING GCSR THROUGH"
                String second = block.substring(nl + 1).strip();
                heading = first + " " + second;
                level = numbered(first) && second.length() <= MAX_CHARS ? level(heading, 2 * MAX_CHARS) : 0;
            }
            if (level > 0 && bodyFollows(text, line[1])) {
                found.add(new Heading(level, heading, line[0]));
            }
        }
        if (found.size() < 2 || found.size() * MIN_CHARS_PER_HEADING > text.length()) {
            return List.of();
        }
        return found;
    }

    /** The heading level of {@code line}, or 0 when it is not a heading. */
    static int level(String line) {
        return level(line, MAX_CHARS);
    }

    /** Whether the line starts with a section number ("2.1", "IV.", "B."). */
    private static boolean numbered(String line) {
        return NUMBERED.matcher(line).matches()
                || ROMAN.matcher(line).matches()
                || LETTER.matcher(line).matches();
    }

    private static int level(String line, int maxChars) {
        if (line.length() < 2 || line.length() > maxChars || line.indexOf('\t') >= 0 || line.contains("|")) {
            return 0;
        }
        char last = line.charAt(line.length() - 1);
        if (".,;:!?".indexOf(last) >= 0 || CAPTION.matcher(line).matches()) {
            return 0;
        }
        Matcher m = NUMBERED.matcher(line);
        if (m.matches()) {
            int depth = m.group(1).split("\\.").length;
            String title = m.group(2);
            // "2.1 Related work" is a section; "1 Mix the flour" is a step, "3 Results" a section
            return words(title) <= MAX_WORDS && (depth > 1 || titled(title)) ? depth : 0;
        }
        m = ROMAN.matcher(line);
        if (m.matches()) {
            return words(m.group(2)) <= MAX_WORDS && titled(m.group(2)) ? 1 : 0;
        }
        m = LETTER.matcher(line);
        if (m.matches()) {
            return words(m.group(2)) <= MAX_WORDS && titled(m.group(2)) ? 2 : 0;
        }
        return capitals(line) && words(line) <= 8 ? 1 : 0;
    }

    /**
     * Whether prose follows the line: the next paragraph has some length and lower-case letters. Labels of a chart
     * ("ABCP", "HEL ABS/CMBS") stand alone too, but next to other labels and numbers.
     */
    private static boolean bodyFollows(String text, int lineEnd) {
        int start = lineEnd;
        while (start < text.length() && Character.isWhitespace(text.charAt(start))) {
            start++;
        }
        int end = text.indexOf("\n\n", start);
        String next = text.substring(start, end < 0 ? text.length() : end);
        return next.length() >= MIN_BODY_CHARS && next.chars().anyMatch(Character::isLowerCase);
    }

    /** Title case or capitals: every word of four letters or more starts with a capital. */
    private static boolean titled(String title) {
        for (String w : title.split("\\s+")) {
            String letters = w.replaceAll("[^\\p{L}]", "");
            if (letters.length() >= 4 && !Character.isUpperCase(letters.charAt(0))) {
                return false;
            }
        }
        return true;
    }

    /** At least four letters, all of them capitals. */
    private static boolean capitals(String line) {
        int letters = 0;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (Character.isLetter(c)) {
                if (!Character.isUpperCase(c)) {
                    return false;
                }
                letters++;
            }
        }
        return letters >= 4;
    }

    private static int words(String s) {
        return s.strip().split("\\s+").length;
    }

    /**
     * Paragraphs of one or two lines (a blank line, or the text's start, before and after them), each as its start and
     * end offsets.
     */
    private static List<int[]> standaloneLines(String text) {
        List<int[]> out = new ArrayList<>();
        int start = 0;
        while (start < text.length()) {
            int end = text.indexOf("\n\n", start);
            int blockEnd = end < 0 ? text.length() : end;
            String block = text.substring(start, blockEnd);
            String stripped = block.strip();
            int nl = stripped.indexOf('\n');
            if (!block.isBlank() && (nl < 0 || stripped.indexOf('\n', nl + 1) < 0) && blockEnd < text.length()) {
                int lead = 0;
                while (lead < block.length() && Character.isWhitespace(block.charAt(lead))) {
                    lead++;
                }
                out.add(new int[] {start + lead, blockEnd});
            }
            if (end < 0) {
                break;
            }
            start = end + 2;
            while (start < text.length() && text.charAt(start) == '\n') {
                start++;
            }
        }
        return out;
    }

    /** Lines (normalised) found on three pages or more: running heads and footers. */
    private static Set<String> repeatedLines(String text, List<Integer> pageStarts) {
        Map<String, Set<Integer>> pagesOf = new HashMap<>();
        int page = 0;
        int lineStart = 0;
        while (lineStart < text.length()) {
            while (page + 1 < pageStarts.size() && pageStarts.get(page + 1) <= lineStart) {
                page++;
            }
            int nl = text.indexOf('\n', lineStart);
            int lineEnd = nl < 0 ? text.length() : nl;
            String line = text.substring(lineStart, lineEnd).strip();
            if (!line.isEmpty() && line.length() <= MAX_CHARS) {
                pagesOf.computeIfAbsent(normalised(line), k -> new HashSet<>()).add(page);
            }
            lineStart = lineEnd + 1;
        }
        Set<String> repeated = new HashSet<>();
        pagesOf.forEach((line, pages) -> {
            if (pages.size() >= 3) {
                repeated.add(line);
            }
        });
        return repeated;
    }

    /** Case and digits aside, so "Page 3 of 9" and "Page 4 of 9" are one line. */
    private static String normalised(String line) {
        return line.toLowerCase(Locale.ROOT).replaceAll("\\d+", "#");
    }
}
