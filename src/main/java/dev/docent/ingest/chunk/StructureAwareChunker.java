package dev.docent.ingest.chunk;

import dev.docent.ingest.parse.ParsedDocument;
import dev.docent.ingest.parse.ParsedDocument.Heading;
import dev.docent.shared.text.Abbreviations;
import dev.docent.shared.text.TableRows;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Splits a document along its structure, then packs the pieces into chunks of at most {@code targetTokens}.
 *
 * <ol>
 *   <li>The text is cut into <em>blocks</em> at blank lines, at lines that start a list item and at heading starts.
 *   <li>A block larger than the target is cut into sentences (table-like blocks, whose lines contain tabs, into rows);
 *       a sentence still larger than the target is cut at whitespace, after a clause (';' or ':', else ',') when
 *       that leaves the piece at least half full. Abbreviations ({@code shared.text.Abbreviations}) end no sentence.
 *   <li>Pieces are packed greedily. A chunk never crosses a heading whose level is {@code <=} the level of the
 *       innermost heading in effect in the chunk (deeper subsections may be absorbed), except that the heading of an
 *       empty section goes with the next section rather than standing alone. A chunk's heading path is the one in
 *       effect where its body starts, after the heading lines it opens with.
 *   <li>When a chunk is closed for size, the next one starts with the last whole sentence(s) of the previous one, up
 *       to {@code overlapTokens}. No overlap is carried across a heading break.
 * </ol>
 *
 * Every chunk is a trimmed, contiguous substring of the document text, so {@code charStart/charEnd} are exact.
 * A table split across chunks keeps its header with every part: a chunk that starts inside the table after its first
 * row carries that row as {@link TextChunk#tableHeader()} (capped at a quarter of the target, whole cells), which is
 * embedded with the chunk but is not part of its text, so the substring invariant holds. Token
 * budgets are computed as the sum of the pieces' counts, which matches whitespace-pretokenizing tokenizers (BERT)
 * closely; {@link TextChunk#tokenCount()} is always the counter's count of the final text. A single word larger
 * than the target is cut by characters. Thread-safe if the {@link TokenCounter} is.
 */
public final class StructureAwareChunker implements Chunker {

    private static final Pattern LIST_ITEM =
            Pattern.compile("[ \\t]*(?:[-*\\u2022\\u2023\\u25E6\\u25AA\\u2013]|\\d{1,3}[.)])[ \\t]+\\S.*");

    private final TokenCounter counter;
    private final int targetTokens;
    private final int overlapTokens;

    /**
     * @param counter counts tokens in the embedding model's tokenizer
     * @param targetTokens maximum tokens per chunk (a single word can exceed it only if it cannot be cut further)
     * @param overlapTokens maximum tokens of trailing sentences repeated at the start of the next chunk; 0 disables
     */
    public StructureAwareChunker(TokenCounter counter, int targetTokens, int overlapTokens) {
        if (targetTokens <= 0) {
            throw new IllegalArgumentException("targetTokens must be > 0: " + targetTokens);
        }
        if (overlapTokens < 0 || overlapTokens >= targetTokens) {
            throw new IllegalArgumentException("overlapTokens must be in [0, targetTokens): " + overlapTokens);
        }
        this.counter = counter;
        this.targetTokens = targetTokens;
        this.overlapTokens = overlapTokens;
    }

    /** A trimmed piece {@code [start, end)} of the text; {@code headingLevel > 0} when a heading starts with it. */
    private record Unit(int start, int end, int tokens, int headingLevel, boolean fragment) {}

    /**
     * A table block {@code [start, end)} cut into rows; its first row ends at {@code headerEnd} and, capped, is the
     * {@code header} of every chunk that continues the table (null when not even one cell fits).
     */
    private record Table(int start, int end, int headerEnd, String header) {}

    @Override
    public List<TextChunk> split(ParsedDocument document) {
        String text = document.text() == null ? "" : document.text();
        if (text.isBlank()) {
            return List.of();
        }
        HeadingIndex headings = new HeadingIndex(document.headings(), text.length());
        List<Unit> units = new ArrayList<>();
        List<Table> tables = new ArrayList<>();
        for (Unit block : blocks(text, headings)) {
            toUnits(text, block, units, tables);
        }
        return pack(document, text, headings, units, tables);
    }

    // ---- 1. blocks -------------------------------------------------------------------------------------------

    private List<Unit> blocks(String text, HeadingIndex headings) {
        TreeSet<Integer> cuts = new TreeSet<>(headings.levelByStart.keySet());
        cuts.add(0);
        cuts.add(text.length());
        int lineStart = 0;
        while (lineStart < text.length()) {
            int nl = text.indexOf('\n', lineStart);
            int lineEnd = nl < 0 ? text.length() : nl + 1;
            String line = text.substring(lineStart, nl < 0 ? text.length() : nl);
            if (line.isBlank()) {
                cuts.add(lineStart);
                cuts.add(lineEnd);
            } else if (LIST_ITEM.matcher(line).matches()) {
                cuts.add(lineStart);
            }
            lineStart = lineEnd;
        }
        List<Unit> blocks = new ArrayList<>();
        Integer prev = null;
        for (int cut : cuts) {
            if (prev != null) {
                Unit block = trimmed(text, prev, cut, headings.levelByStart.getOrDefault(prev, 0), false);
                if (block != null) {
                    blocks.add(block);
                }
            }
            prev = cut;
        }
        return blocks;
    }

    // ---- 2. pieces that fit the target ------------------------------------------------------------------------

    private void toUnits(String text, Unit block, List<Unit> out, List<Table> tables) {
        if (block.tokens() <= targetTokens) {
            out.add(block);
            return;
        }
        int first = out.size();
        List<String> rows = text.substring(block.start(), block.end()).lines().toList();
        int headerRow = headerRow(text, block, rows);
        boolean table = headerRow >= 0;
        boolean pipes = table && headerRow + 1 < rows.size() && TableRows.isDelimiterRow(rows.get(headerRow + 1));
        List<int[]> parts =
                table ? lines(text, block.start(), block.end()) : sentences(text, block.start(), block.end());
        for (int i = 0; i < parts.size(); i++) {
            int[] part = parts.get(i);
            Unit unit = trimmed(text, part[0], part[1], 0, false);
            if (unit == null) {
                continue;
            }
            if (table && i == headerRow + (pipes ? 1 : 0)) {
                // the table's header row (and a pipe table's delimiter row), prepared once here for every chunk
                // that will continue the table
                String row = rows.get(headerRow).strip();
                tables.add(new Table(
                        block.start(),
                        block.end(),
                        unit.end(),
                        capped(pipes ? String.join("\t", TableRows.cells(row)) : row)));
            }
            if (unit.tokens() <= targetTokens) {
                out.add(unit);
            } else {
                splitWords(text, unit, out);
            }
        }
        if (out.size() > first && block.headingLevel() > 0) {
            Unit u = out.get(first);
            out.set(first, new Unit(u.start(), u.end(), u.tokens(), block.headingLevel(), u.fragment()));
        }
    }

    /**
     * The row (0-based line of the block) that heads the table the block is, or -1 when it is no table: the first
     * row when at least two lines hold tabs (how the parser writes cells), the row above the delimiter row of a
     * Markdown pipe table.
     */
    private static int headerRow(String text, Unit block, List<String> rows) {
        // cells between tabs (indentation alone, as in code, makes no row)
        if (rows.stream()
                        .filter(TableRows::isRow)
                        .filter(l -> l.strip().indexOf('\t') >= 0)
                        .count()
                >= 2) {
            return 0;
        }
        for (int i = 1; i < rows.size() - 1; i++) {
            if (TableRows.isDelimiterRow(rows.get(i)) && rows.get(i - 1).indexOf('|') >= 0) {
                return insideCodeFence(text, text.indexOf(rows.get(i), block.start())) ? -1 : i - 1;
            }
        }
        return -1;
    }

    /** Whether {@code offset} lies inside a Markdown fenced code block (between ``` or ~~~ lines). */
    private static boolean insideCodeFence(String text, int offset) {
        String fence = null;
        int lineStart = 0;
        while (lineStart < offset) {
            int nl = text.indexOf('\n', lineStart);
            int lineEnd = nl < 0 ? text.length() : nl;
            String line = text.substring(lineStart, lineEnd).stripLeading();
            String marker = line.startsWith("```") ? "```" : line.startsWith("~~~") ? "~~~" : null;
            if (marker != null && (fence == null || fence.equals(marker))) {
                fence = fence == null ? marker : null;
            }
            if (nl < 0) {
                break;
            }
            lineStart = nl + 1;
        }
        return fence != null;
    }

    private static List<int[]> lines(String text, int start, int end) {
        List<int[]> lines = new ArrayList<>();
        int s = start;
        while (s < end) {
            int nl = text.indexOf('\n', s);
            int e = nl < 0 || nl >= end ? end : nl + 1;
            lines.add(new int[] {s, e});
            s = e;
        }
        return lines;
    }

    /**
     * Cuts an over-long sentence at whitespace into fragments of at most the target, preferring to end a fragment
     * after a clause (a word ending with ';' or ':', else ',') when that leaves it at least half full: a list of
     * "(1) ...; (2) ...;" items is cut between items, not inside one.
     */
    private void splitWords(String text, Unit sentence, List<Unit> out) {
        int pieceStart = -1;
        int pieceEnd = -1;
        int pieceTokens = 0;
        int[] strong = null; // {end of a word ending with ';' or ':', tokens up to it}
        int[] weak = null; // the same for ','
        int i = sentence.start();
        while (i < sentence.end()) {
            while (i < sentence.end() && Character.isWhitespace(text.charAt(i))) {
                i++;
            }
            int wordStart = i;
            while (i < sentence.end() && !Character.isWhitespace(text.charAt(i))) {
                i++;
            }
            if (wordStart == i) {
                break;
            }
            int wordTokens = counter.count(text.substring(wordStart, i));
            if (pieceStart >= 0 && pieceTokens + wordTokens > targetTokens) {
                int[] clause = strong != null && strong[1] * 2 >= targetTokens
                        ? strong
                        : weak != null && weak[1] * 2 >= targetTokens ? weak : null;
                if (clause != null && clause[0] < pieceEnd) {
                    out.add(new Unit(pieceStart, clause[0], clause[1], 0, true));
                    pieceStart = nextNonBlank(text, clause[0]);
                    pieceTokens = counter.count(text.substring(pieceStart, pieceEnd));
                } else {
                    clause = null; // the clause ends with the piece: an ordinary cut
                }
                if (clause == null || pieceTokens + wordTokens > targetTokens) {
                    out.add(new Unit(pieceStart, pieceEnd, pieceTokens, 0, true));
                    pieceStart = -1;
                    pieceTokens = 0;
                }
                strong = null;
                weak = null;
            }
            if (wordTokens > targetTokens) {
                splitChars(text, wordStart, i, wordTokens, out);
                continue;
            }
            if (pieceStart < 0) {
                pieceStart = wordStart;
            }
            pieceEnd = i;
            pieceTokens += wordTokens;
            char last = text.charAt(i - 1);
            if (last == ';' || last == ':') {
                strong = new int[] {i, pieceTokens};
            } else if (last == ',') {
                weak = new int[] {i, pieceTokens};
            }
        }
        if (pieceStart >= 0) {
            out.add(new Unit(pieceStart, pieceEnd, pieceTokens, 0, true));
        }
    }

    private static int nextNonBlank(String text, int from) {
        int i = from;
        while (i < text.length() && Character.isWhitespace(text.charAt(i))) {
            i++;
        }
        return i;
    }

    /** Last resort for a single word (URL, base64, ...) larger than the target. */
    private void splitChars(String text, int start, int end, int tokens, List<Unit> out) {
        int s = start;
        int step = Math.max(1, (int) ((long) (end - start) * targetTokens / Math.max(1, tokens)));
        while (s < end) {
            int e = Math.min(end, s + step);
            int t = counter.count(text.substring(s, e));
            while (t > targetTokens && e - s > 1) {
                e = s + Math.max(1, (e - s) * 3 / 4);
                t = counter.count(text.substring(s, e));
            }
            out.add(new Unit(s, e, t, 0, true));
            s = e;
        }
    }

    // ---- 3. packing -------------------------------------------------------------------------------------------

    private List<TextChunk> pack(
            ParsedDocument doc, String text, HeadingIndex headings, List<Unit> units, List<Table> tables) {
        List<TextChunk> chunks = new ArrayList<>();
        List<Unit> current = new ArrayList<>();
        int tokens = 0;
        int level = Integer.MAX_VALUE;
        Integer unpaged = doc.unpagedFrom();
        for (Unit unit : units) {
            boolean headingBreak = unit.headingLevel() > 0 && unit.headingLevel() <= level;
            // no chunk (nor its overlap) holds both page text and the unpaged embedded documents after it
            boolean pagesEnd = unpaged != null
                    && unit.start() >= unpaged
                    && !current.isEmpty()
                    && current.get(0).start() < unpaged;
            if (headingBreak
                    && !pagesEnd
                    && tokens + unit.tokens() <= targetTokens
                    && current.stream().allMatch(u -> headingOnly(text, u))) {
                headingBreak = false; // an empty section's heading goes with the next section, not alone
            }
            if (!current.isEmpty() && (headingBreak || pagesEnd || tokens + unit.tokens() > targetTokens)) {
                chunks.add(toChunk(doc, text, headings, tables, current, chunks.size()));
                current = headingBreak || pagesEnd ? new ArrayList<>() : overlap(text, current, unit.tokens());
                tokens = current.stream().mapToInt(Unit::tokens).sum();
                level = current.isEmpty()
                        ? Integer.MAX_VALUE
                        : headings.levelAt(current.get(0).start());
            }
            if (current.isEmpty()) {
                level = headings.levelAt(unit.start());
            }
            current.add(unit);
            tokens += unit.tokens();
            if (unit.headingLevel() > 0) {
                level = unit.headingLevel();
            }
        }
        if (!current.isEmpty()) {
            chunks.add(toChunk(doc, text, headings, tables, current, chunks.size()));
        }
        return chunks;
    }

    /** The last whole sentences of {@code previous} that fit the overlap budget and leave room for the next unit. */
    private List<Unit> overlap(String text, List<Unit> previous, int nextTokens) {
        int budget = Math.min(overlapTokens, targetTokens - nextTokens);
        List<Unit> tail = new ArrayList<>();
        int used = 0;
        for (int u = previous.size() - 1; u >= 0 && budget > 0; u--) {
            Unit unit = previous.get(u);
            if (unit.fragment()) {
                break;
            }
            List<int[]> sentences = sentences(text, unit.start(), unit.end());
            for (int s = sentences.size() - 1; s >= 0; s--) {
                Unit sentence = trimmed(text, sentences.get(s)[0], sentences.get(s)[1], 0, false);
                if (sentence == null) {
                    continue;
                }
                if (used + sentence.tokens() > budget) {
                    return reversed(tail);
                }
                tail.add(sentence);
                used += sentence.tokens();
            }
            if (unit.headingLevel() > 0) {
                break;
            }
        }
        return reversed(tail);
    }

    private static List<Unit> reversed(List<Unit> units) {
        List<Unit> copy = new ArrayList<>(units);
        Collections.reverse(copy);
        return copy;
    }

    private TextChunk toChunk(
            ParsedDocument doc, String text, HeadingIndex headings, List<Table> tables, List<Unit> units, int ordinal) {
        int start = units.get(0).start();
        int end = units.get(units.size() - 1).end();
        String chunkText = text.substring(start, end);
        // the headings in effect where the chunk's body starts (after the heading lines it opens with)
        int body = units.stream()
                .filter(u -> !headingOnly(text, u))
                .findFirst()
                .map(Unit::start)
                .orElse(start);
        return new TextChunk(
                ordinal,
                chunkText,
                start,
                end,
                doc.pageAt(start),
                doc.pageAt(end - 1),
                headings.pathAt(body),
                counter.count(chunkText),
                tableHeader(tables, start));
    }

    /** A heading's line alone, without any of its section's text. */
    private static boolean headingOnly(String text, Unit unit) {
        if (unit.headingLevel() == 0) {
            return false;
        }
        int nl = text.indexOf('\n', unit.start());
        return nl < 0 || nl >= unit.end();
    }

    /** The header row of the table a chunk starting at {@code start} continues, or null. */
    private static String tableHeader(List<Table> tables, int start) {
        for (Table t : tables) {
            if (t.start() <= start && start < t.end() && start >= t.headerEnd()) {
                return t.header();
            }
        }
        return null;
    }

    /** Whole leading cells of the header row within a quarter of the target; null when not even one cell fits. */
    private String capped(String header) {
        int budget = Math.max(1, targetTokens / 4);
        if (counter.count(header) <= budget) {
            return header;
        }
        String kept = null;
        int cut = header.indexOf('\t');
        while (cut > 0) {
            String candidate = header.substring(0, cut).strip();
            if (counter.count(candidate) > budget) {
                break;
            }
            kept = candidate;
            cut = header.indexOf('\t', cut + 1);
        }
        return kept;
    }

    private Unit trimmed(String text, int start, int end, int headingLevel, boolean fragment) {
        int s = start;
        int e = end;
        while (s < e && Character.isWhitespace(text.charAt(s))) {
            s++;
        }
        while (e > s && Character.isWhitespace(text.charAt(e - 1))) {
            e--;
        }
        return s == e ? null : new Unit(s, e, counter.count(text.substring(s, e)), headingLevel, fragment);
    }

    // ---- sentences --------------------------------------------------------------------------------------------

    /**
     * Sentence spans (untrimmed, covering {@code [start, end)}): a sentence ends at {@code . ! ?} (plus closing quotes
     * or brackets) followed by whitespace and an uppercase letter, digit, quote or opening bracket, unless the word
     * ending there is a known abbreviation or a single-letter initial.
     */
    static List<int[]> sentences(String text, int start, int end) {
        List<int[]> spans = new ArrayList<>();
        int sentenceStart = start;
        for (int i = start; i < end; i++) {
            char c = text.charAt(i);
            if (c != '.' && c != '!' && c != '?') {
                continue;
            }
            int j = i + 1;
            while (j < end && "\"'\u201D\u2019)]".indexOf(text.charAt(j)) >= 0) {
                j++;
            }
            int k = j;
            while (k < end && Character.isWhitespace(text.charAt(k))) {
                k++;
            }
            if (k == j
                    || k >= end
                    || !startsSentence(text.charAt(k))
                    || (c == '.' && isAbbreviation(text, i, text.charAt(k)))) {
                continue;
            }
            spans.add(new int[] {sentenceStart, j});
            sentenceStart = k;
            i = k - 1;
        }
        if (sentenceStart < end) {
            spans.add(new int[] {sentenceStart, end});
        }
        return spans;
    }

    private static boolean startsSentence(char c) {
        return Character.isUpperCase(c) || Character.isDigit(c) || "\"'\u201C\u2018([".indexOf(c) >= 0;
    }

    /**
     * Whether the word ending with the period at {@code dot} is an abbreviation or an initial ("J."), or a dotted
     * acronym ("U.S.C.") that {@code next} does not start a new sentence after (only a capital letter does).
     */
    private static boolean isAbbreviation(String text, int dot, char next) {
        int w = dot;
        while (w > 0 && !Character.isWhitespace(text.charAt(w - 1))) {
            w--;
        }
        String word = text.substring(w, dot);
        return Abbreviations.isAbbreviation(word)
                || (Abbreviations.isDottedAcronym(word) && !Character.isUpperCase(next));
    }

    // ---- headings ---------------------------------------------------------------------------------------------

    /** Heading stacks by offset: the enclosing headings after each heading start, found by binary search. */
    private static final class HeadingIndex {
        private final Map<Integer, Integer> levelByStart = new HashMap<>();
        private final List<Integer> starts = new ArrayList<>();
        private final List<List<Heading>> stacks = new ArrayList<>();

        HeadingIndex(List<Heading> headings, int textLength) {
            List<Heading> sorted = new ArrayList<>(headings == null ? List.of() : headings);
            sorted.sort(Comparator.comparingInt(Heading::charStart));
            List<Heading> stack = new ArrayList<>();
            for (Heading h : sorted) {
                int at = Math.max(0, Math.min(textLength, h.charStart()));
                while (!stack.isEmpty() && stack.get(stack.size() - 1).level() >= h.level()) {
                    stack.remove(stack.size() - 1);
                }
                stack.add(h);
                levelByStart.merge(at, h.level(), Math::min);
                if (!starts.isEmpty() && starts.get(starts.size() - 1) == at) {
                    starts.remove(starts.size() - 1);
                    stacks.remove(stacks.size() - 1);
                }
                starts.add(at);
                stacks.add(List.copyOf(stack));
            }
        }

        List<Heading> stackAt(int offset) {
            int lo = 0;
            int hi = starts.size() - 1;
            int found = -1;
            while (lo <= hi) {
                int mid = (lo + hi) >>> 1;
                if (starts.get(mid) <= offset) {
                    found = mid;
                    lo = mid + 1;
                } else {
                    hi = mid - 1;
                }
            }
            return found < 0 ? List.of() : stacks.get(found);
        }

        List<String> pathAt(int offset) {
            return stackAt(offset).stream().map(h -> h.text().strip()).toList();
        }

        /** Level of the innermost enclosing heading, or {@link Integer#MAX_VALUE} before the first heading. */
        int levelAt(int offset) {
            List<Heading> stack = stackAt(offset);
            return stack.isEmpty()
                    ? Integer.MAX_VALUE
                    : stack.get(stack.size() - 1).level();
        }
    }
}
