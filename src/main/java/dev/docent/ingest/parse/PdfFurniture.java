package dev.docent.ingest.parse;

import dev.docent.ingest.parse.ParsedDocument.Heading;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Drops a PDF's page furniture: running heads and footers ("ACME Annual Report 2023", "Page 3 of 20", a print
 * stamp), which Tika reports as text of every page. Left in, they sit between the two halves of a sentence that runs
 * over a page break, turn up inside quotes, and give every chunk the same few words.
 *
 * <p>A line is furniture when it is among the first or last {@value #EDGE_LINES} lines of a page and the same line
 * (case, digits and spacing aside) stands at a page edge on at least {@value #MIN_PAGES} pages and on at least
 * {@link #MIN_SHARE} of the pages, so headers alternating between odd and even pages count too. The first page keeps
 * its top lines (a title there is the document's, not a running head), a line that starts a heading stays, and a
 * page keeps everything when nothing else would be left of it. Only whole lines are removed; page starts, headings
 * and the offsets of vertical gaps move with the text.
 */
final class PdfFurniture {
    static final int EDGE_LINES = 2;
    static final int MIN_PAGES = 3;
    static final double MIN_SHARE = 0.4;
    private static final int MAX_CHARS = 200;

    private PdfFurniture() {}

    record Result(String text, List<Integer> starts, List<Heading> headings, Set<Integer> gapStarts) {}

    /**
     * @param starts page starts, then possibly the start of an unpaged tail (attachments), which is never touched
     * @param pages how many of {@code starts} are pages
     */
    static Result strip(String text, List<Integer> starts, int pages, List<Heading> headings, Set<Integer> gapStarts) {
        if (pages < MIN_PAGES) {
            return new Result(text, starts, headings, gapStarts);
        }
        List<List<EdgeLine>> edges = new ArrayList<>(); // per page, top first
        List<Integer> lineCounts = new ArrayList<>();
        Map<String, Set<Integer>> pagesOf = new HashMap<>();
        for (int p = 0; p < pages; p++) {
            int from = starts.get(p);
            int to = p + 1 < starts.size() ? starts.get(p + 1) : text.length();
            List<int[]> lines = lines(text, from, to);
            lineCounts.add(lines.size());
            List<EdgeLine> edge = new ArrayList<>();
            for (int i = 0; i < lines.size(); i++) {
                int[] line = lines.get(i);
                boolean top = i < EDGE_LINES && p > 0;
                boolean bottom = i >= lines.size() - EDGE_LINES;
                if ((top || bottom) && line[1] - line[0] <= MAX_CHARS) {
                    EdgeLine e = new EdgeLine(line[0], line[1], key(text, line));
                    edge.add(e);
                    pagesOf.computeIfAbsent(e.key(), k -> new HashSet<>()).add(p);
                }
            }
            edges.add(edge);
        }
        int needed = Math.max(MIN_PAGES, (int) Math.ceil(MIN_SHARE * pages));
        Set<Integer> headingStarts = new HashSet<>();
        headings.forEach(h -> headingStarts.add(h.charStart()));
        boolean[] drop = new boolean[text.length()];
        boolean any = false;
        for (int p = 0; p < pages; p++) {
            List<EdgeLine> furniture = new ArrayList<>();
            for (EdgeLine line : edges.get(p)) {
                if (pagesOf.get(line.key()).size() >= needed && !headingStarts.contains(line.start())) {
                    furniture.add(line);
                }
            }
            if (furniture.isEmpty() || furniture.size() >= lineCounts.get(p)) {
                continue; // nothing to drop, or nothing would be left of the page
            }
            for (EdgeLine line : furniture) {
                java.util.Arrays.fill(drop, line.start(), line.end(), true);
                any = true;
            }
        }
        return any ? rebuild(text, drop, starts, headings, gapStarts) : new Result(text, starts, headings, gapStarts);
    }

    /** A line at a page edge, [start, end), with the {@link #key} it is counted under. */
    private record EdgeLine(int start, int end, String key) {}

    /** [start, end) of the non-blank lines in [from, to). */
    private static List<int[]> lines(String text, int from, int to) {
        List<int[]> out = new ArrayList<>();
        int i = from;
        while (i < to) {
            int nl = text.indexOf('\n', i);
            int end = nl < 0 || nl > to ? to : nl;
            if (!text.substring(i, end).isBlank()) {
                out.add(new int[] {i, end});
            }
            i = end + 1;
        }
        return out;
    }

    /** Case, digits and spacing aside: "Page 3 of 20" and "Page 4 of 20" are one line. */
    private static String key(String text, int[] line) {
        return text.substring(line[0], line[1])
                .strip()
                .toLowerCase(Locale.ROOT)
                .replaceAll("\\d+", "#")
                .replaceAll("\\s+", " ");
    }

    /**
     * The text without the dropped characters and without the line breaks they leave doubled (never more than one
     * blank line in a row), with every offset moved to the character it pointed at, or to the next one kept.
     */
    private static Result rebuild(
            String text, boolean[] drop, List<Integer> starts, List<Heading> headings, Set<Integer> gapStarts) {
        StringBuilder out = new StringBuilder(text.length());
        int[] moved = new int[text.length() + 1];
        for (int i = 0; i < text.length(); i++) {
            moved[i] = out.length();
            char c = text.charAt(i);
            if (drop[i]) {
                continue;
            }
            if (c == '\n') {
                int len = out.length();
                if (len == 0 || len >= 2 && out.charAt(len - 1) == '\n' && out.charAt(len - 2) == '\n') {
                    continue;
                }
            }
            out.append(c);
        }
        moved[text.length()] = out.length();
        int end = out.length();
        while (end > 0 && out.charAt(end - 1) == '\n') {
            end--;
        }
        out.setLength(end);
        List<Integer> newStarts = new ArrayList<>(starts.size());
        for (int s : starts) {
            newStarts.add(Math.min(moved[s], end));
        }
        List<Heading> newHeadings = new ArrayList<>(headings.size());
        for (Heading h : headings) {
            newHeadings.add(new Heading(h.level(), h.text(), Math.min(moved[h.charStart()], end)));
        }
        Set<Integer> newGaps = new HashSet<>();
        for (int g : gapStarts) {
            if (g <= text.length()) {
                newGaps.add(moved[g]);
            }
        }
        return new Result(out.toString(), newStarts, newHeadings, newGaps);
    }
}
