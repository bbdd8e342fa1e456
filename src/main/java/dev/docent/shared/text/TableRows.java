package dev.docent.shared.text;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Table rows as they appear in extracted text: the parser writes a table's cells separated by tabs, one row per
 * line; Markdown pipe tables (GitHub Flavored Markdown), which Tika reads as plain text, have a header row, a
 * delimiter row of dashes ({@code |---|:--:|}), then body rows ({@code | a | b |}). The chunker keeps a table's
 * header with every part; the extractive answerer quotes one row and names its columns.
 */
public final class TableRows {
    /** Cells of dashes, optionally aligned with colons, separated by pipes. */
    private static final Pattern DELIMITER_ROW =
            Pattern.compile("^ {0,3}\\|?[ \\t]*:?-+:?[ \\t]*(?:\\|[ \\t]*:?-+:?[ \\t]*)*\\|?[ \\t]*$");

    private TableRows() {}

    /** Whether {@code line} is a delimiter row; it needs a pipe, so a Markdown rule ({@code ---}) is not one. */
    public static boolean isDelimiterRow(String line) {
        return line.indexOf('|') >= 0 && DELIMITER_ROW.matcher(line).matches();
    }

    /** Whether {@code line} is a row of a table: tab-separated cells, or a pipe table row. */
    public static boolean isRow(String line) {
        String s = line.strip();
        return s.indexOf('\t') >= 0 || (s.length() > 1 && s.charAt(0) == '|' && s.indexOf('|', 1) > 0);
    }

    /** The cells of a row: tab-separated, or a pipe table row ({@code | a | b |}, {@code \|} is a pipe), stripped. */
    public static List<String> cells(String row) {
        String r = row.strip();
        if (r.indexOf('\t') >= 0 && !r.startsWith("|")) {
            return Arrays.stream(r.split("\t", -1)).map(String::strip).toList();
        }
        if (r.startsWith("|")) {
            r = r.substring(1);
        }
        if (r.endsWith("|") && !r.endsWith("\\|")) {
            r = r.substring(0, r.length() - 1);
        }
        List<String> cells = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        for (int i = 0; i < r.length(); i++) {
            char ch = r.charAt(i);
            if (ch == '\\' && i + 1 < r.length() && r.charAt(i + 1) == '|') {
                cell.append('|');
                i++;
            } else if (ch == '|') {
                cells.add(cell.toString().strip());
                cell.setLength(0);
            } else {
                cell.append(ch);
            }
        }
        cells.add(cell.toString().strip());
        return cells;
    }
}
