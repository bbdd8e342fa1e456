package dev.docent.ingest.chunk;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Markdown pipe tables (GitHub Flavored Markdown) as they appear in plain text: a header row, a delimiter row of
 * dashes ({@code |---|:--:|}), then body rows. Tika reads Markdown as plain text, so the chunker finds them here.
 */
final class PipeTables {
    /** Cells of dashes, optionally aligned with colons, separated by pipes. */
    private static final Pattern DELIMITER_ROW =
            Pattern.compile("^ {0,3}\\|?[ \\t]*:?-+:?[ \\t]*(?:\\|[ \\t]*:?-+:?[ \\t]*)*\\|?[ \\t]*$");

    private PipeTables() {}

    /** Whether {@code line} is a delimiter row; it needs a pipe, so a Markdown rule ({@code ---}) is not one. */
    static boolean isDelimiterRow(String line) {
        return line.indexOf('|') >= 0 && DELIMITER_ROW.matcher(line).matches();
    }

    /** The cells of a row ({@code | a | b |}), stripped and joined with tabs as the parser writes table cells. */
    static String cells(String row) {
        String r = row.strip();
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
        return String.join("\t", cells);
    }
}
