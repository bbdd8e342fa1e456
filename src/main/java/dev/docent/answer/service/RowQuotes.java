package dev.docent.answer.service;

import dev.docent.shared.text.TableRows;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * How the extractive answer shows a quoted table row: a bare row ("Person 117 | Research | Building C | 2007") says
 * nothing without its columns, so the answer names them ("Employee: Person 117; Department: Research; ...").
 * The citation still quotes the row exactly as it stands in the chunk; only the answer text is rendered.
 */
final class RowQuotes {
    private RowQuotes() {}

    /**
     * The answer text for the quote {@code [start, end)} of {@code chunkText}, or null when the quote is not one
     * row of a table; its cells joined with " | " when its header is not known (or is the row itself). The header
     * is the row above a pipe table's delimiter row, else the first row of the run of rows holding the quote; when
     * that run starts the chunk and the chunk continues a table ({@code continuedHeader}, ADR 0046), the continued
     * table's header. A line with fewer cells than the row is no header.
     */
    static String render(String chunkText, int start, int end, String continuedHeader) {
        return render(chunkText, start, end, continuedHeader, new HashSet<>());
    }

    /**
     * As {@link #render(String, int, int, String)}, naming the columns of a row whose cells cannot be matched to
     * them only for the first row of each header in an answer: {@code named} holds the headers already named.
     */
    static String render(String chunkText, int start, int end, String continuedHeader, Set<String> named) {
        String quote = chunkText.substring(start, end);
        if (!isRow(quote)) {
            return null;
        }
        String header = header(chunkText, start, continuedHeader);
        List<String> values = TableRows.cells(quote);
        if (header == null) {
            return String.join(" | ", values);
        }
        List<String> columns = TableRows.cells(header);
        if (columns.size() == values.size()) {
            return labelled(columns, values);
        }
        String row = String.join(" | ", values);
        return named.add(String.join("\t", columns)) ? "(columns: " + String.join(" | ", columns) + ") " + row : row;
    }

    /** Whether a quote is one row of a table (and not a pipe table's delimiter row). */
    static boolean isRow(String quote) {
        return quote.indexOf('\n') < 0 && TableRows.isRow(quote) && !TableRows.isDelimiterRow(quote);
    }

    /**
     * The header row of the table row starting at {@code start} in {@code chunkText}, or null when it is not known
     * or is that row itself (see {@link #render}).
     */
    static String header(String chunkText, int start, String continuedHeader) {
        String header = candidateHeader(chunkText, start, continuedHeader);
        if (header == null) {
            return null;
        }
        int rowEnd = chunkText.indexOf('\n', start);
        String row = chunkText.substring(
                chunkText.lastIndexOf('\n', start - 1) + 1, rowEnd < 0 ? chunkText.length() : rowEnd);
        List<String> columns = TableRows.cells(header);
        // a line with fewer cells than the row is no header: a cell holding line breaks splits its row
        return columns.size() < TableRows.cells(row).size() || columns.stream().allMatch(String::isBlank)
                ? null
                : header;
    }

    private static String candidateHeader(String chunkText, int start, String continuedHeader) {
        int lineStart = chunkText.lastIndexOf('\n', start - 1) + 1;
        int top = lineStart; // start of the topmost row of the run holding the quote
        while (top > 0) {
            int prevStart = chunkText.lastIndexOf('\n', top - 2) + 1;
            String prev = chunkText.substring(prevStart, top - 1);
            if (TableRows.isDelimiterRow(prev)) {
                int headerStart = prevStart == 0 ? -1 : chunkText.lastIndexOf('\n', prevStart - 2) + 1;
                String header = headerStart < 0 ? null : chunkText.substring(headerStart, prevStart - 1);
                return header != null && TableRows.isRow(header) ? header : null;
            }
            if (!TableRows.isRow(prev)) {
                break;
            }
            top = prevStart;
        }
        if (top == 0 && continuedHeader != null && !continuedHeader.isBlank()) {
            return continuedHeader;
        }
        int topEnd = chunkText.indexOf('\n', top);
        return top == lineStart ? null : chunkText.substring(top, topEnd < 0 ? chunkText.length() : topEnd);
    }

    /** "column: value; ..." for a row with a value for every column; empty values are left out. */
    private static String labelled(List<String> columns, List<String> values) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < values.size(); i++) {
            if (values.get(i).isBlank()) {
                continue;
            }
            if (out.length() > 0) {
                out.append("; ");
            }
            out.append(columns.get(i).isBlank() ? "" : columns.get(i) + ": ").append(values.get(i));
        }
        return out.toString();
    }
}
