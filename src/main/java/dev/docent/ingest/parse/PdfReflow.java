package dev.docent.ingest.parse;

import dev.docent.ingest.parse.ParsedDocument.Heading;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Set;

/**
 * Rejoins the wrapped lines of PDF paragraphs. Tika's PDF parser often emits every text line as a paragraph of its
 * own; the structure-aware chunker would then see a blank line after every line and cut chunks, overlaps and quotes
 * in the middle of sentences.
 *
 * <p>A paragraph break (a blank line) between two lines becomes a plain line break when the first line continues:
 * it does not end with sentence punctuation ({@code . ! ? :}, closing quotes or brackets allowed after it), and
 * either the next line starts with a lower-case letter, or the first line ends with a joining character (comma,
 * hyphen, dash, ...), or it fills at least {@link #FULL_LINE} of the page's usual line width (a wrapped line rather
 * than a heading, a caption or the short last line of a paragraph). Breaks at page starts and after a vertical gap
 * (an empty paragraph in Tika's output) are kept. Only characters are removed, never changed, so the result is still
 * the document's text line for line; page and heading offsets are moved with it.
 */
final class PdfReflow {

    /** Share of the page's usual line width from which an unterminated line counts as wrapped. */
    static final double FULL_LINE = 0.7;

    /** Percentile of a page's line lengths taken as its usual (full) line width. */
    private static final double WIDTH_PERCENTILE = 0.8;

    private static final String CLOSERS = "\"'\u201D\u2019)]";
    private static final String TERMINAL = ".!?:";
    private static final String JOINING = ",;-\u2010\u2013\u2014(/&";

    private PdfReflow() {}

    /** The reflowed text with its page starts and headings moved to the same characters. */
    record Result(String text, List<Integer> pageStarts, List<Heading> headings) {}

    /**
     * @param keptBreaks offsets where a paragraph starts after a vertical gap; the break before it is kept
     */
    static Result reflow(String text, List<Integer> pageStarts, List<Heading> headings, Set<Integer> keptBreaks) {
        return reflow(text, pageStarts, pageStarts.size(), headings, keptBreaks);
    }

    /**
     * @param pages how many of {@code pageStarts} are pages (the rest start an unpaged tail, never joined to); a
     *     paragraph that runs over onto the next page continues there when that page begins in lower case
     */
    static Result reflow(
            String text, List<Integer> pageStarts, int pages, List<Heading> headings, Set<Integer> keptBreaks) {
        int[] widths = pageWidths(text, pageStarts);
        StringBuilder out = new StringBuilder(text.length());
        List<Integer> removed = new ArrayList<>();
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            int next = i + 2;
            if (c == '\n'
                    && i > 0
                    && text.charAt(i - 1) != '\n'
                    && next < text.length()
                    && text.charAt(i + 1) == '\n'
                    && text.charAt(next) != '\n'
                    && !keptBreaks.contains(next)
                    && joinable(pageStarts, pages, text, next)
                    && continues(text, i, next, widths[pageIndex(pageStarts, next)])) {
                out.append('\n');
                removed.add(i + 1);
                i = next;
                continue;
            }
            out.append(c);
            i++;
        }
        if (removed.isEmpty()) {
            return new Result(text, pageStarts, headings);
        }
        List<Integer> starts = new ArrayList<>(pageStarts.size());
        for (int start : pageStarts) {
            starts.add(moved(removed, start));
        }
        List<Heading> moved = new ArrayList<>(headings.size());
        for (Heading h : headings) {
            moved.add(new Heading(h.level(), h.text(), moved(removed, h.charStart())));
        }
        return new Result(out.toString(), List.copyOf(starts), List.copyOf(moved));
    }

    /** Whether the line ending at {@code lineEnd} runs on into the line starting at {@code next}. */
    private static boolean continues(String text, int lineEnd, int next, int width) {
        int lineStart = text.lastIndexOf('\n', lineEnd - 1) + 1;
        int last = lineEnd - 1;
        while (last > lineStart && CLOSERS.indexOf(text.charAt(last)) >= 0) {
            last--;
        }
        char end = text.charAt(last);
        if (TERMINAL.indexOf(end) >= 0) {
            return false;
        }
        if (Character.isLowerCase(text.charAt(next))) {
            return true;
        }
        if (JOINING.indexOf(text.charAt(lineEnd - 1)) >= 0) {
            return true;
        }
        return width > 0 && lineEnd - lineStart >= FULL_LINE * width;
    }

    /** Usual line width per page: a high percentile of the lengths of its non-empty lines. */
    private static int[] pageWidths(String text, List<Integer> pageStarts) {
        int pages = Math.max(1, pageStarts.size());
        int[] widths = new int[pages];
        for (int p = 0; p < pages; p++) {
            int from = pageStarts.isEmpty() ? 0 : pageStarts.get(p);
            int to = p + 1 < pageStarts.size() ? pageStarts.get(p + 1) : text.length();
            widths[p] = percentileLineLength(text, from, to);
        }
        return widths;
    }

    private static int percentileLineLength(String text, int from, int to) {
        List<Integer> lengths = new ArrayList<>();
        int s = from;
        while (s < to) {
            int nl = text.indexOf('\n', s);
            int e = nl < 0 || nl > to ? to : nl;
            if (e > s) {
                lengths.add(e - s);
            }
            s = e + 1;
        }
        if (lengths.isEmpty()) {
            return 0;
        }
        int[] sorted = lengths.stream().mapToInt(Integer::intValue).toArray();
        Arrays.sort(sorted);
        return sorted[Math.min(sorted.length - 1, (int) (WIDTH_PERCENTILE * sorted.length))];
    }

    /** Not a page start, or a page start (not the tail's) where the page begins in lower case: "... the\n\nbank". */
    private static boolean joinable(List<Integer> pageStarts, int pages, String text, int next) {
        int at = Collections.binarySearch(pageStarts, next);
        return at < 0 || at > 0 && at < pages && Character.isLowerCase(text.charAt(next));
    }

    private static int pageIndex(List<Integer> pageStarts, int offset) {
        if (pageStarts.isEmpty()) {
            return 0;
        }
        int at = Collections.binarySearch(pageStarts, offset);
        return at >= 0 ? at : Math.max(0, -at - 2);
    }

    /** {@code offset} after removing the characters at the (ascending) {@code removed} offsets before it. */
    private static int moved(List<Integer> removed, int offset) {
        int at = Collections.binarySearch(removed, offset);
        int before = at >= 0 ? at : -at - 1;
        return offset - before;
    }
}
