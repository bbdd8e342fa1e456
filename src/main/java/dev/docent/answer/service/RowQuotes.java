package dev.docent.answer.service;

import dev.docent.shared.text.TableRows;
import java.util.List;

/**
 * How the extractive answer shows a quoted table row: a bare row ("Person 117 | Research | Building C | 2007") says
 * nothing without its columns, so the answer names them ("Employee: Person 117; Department: Research; ...").
 * The citation still quotes the row exactly as it stands in the chunk; only the answer text is rendered.
 */
final class RowQuotes {
    private RowQuotes() {}

    /**
     * The answer text for the quote {@code [start, end)} of {@code chunkText}, or null when the quote is not one
     * row of a table whose header is known. The header is the row above a pipe table's delimiter row, else the
     * first row of the run of rows holding the quote; when that run starts the chunk and the chunk continues a
     * table ({@code continuedHeader}, ADR 0046), the continued table's header.
     */
    static String render(String chunkText, int start, int end, String continuedHeader) {
        String quote = chunkText.substring(start, end);
        if (quote.indexOf('\n') >= 0 || !TableRows.isRow(quote) || TableRows.isDelimiterRow(quote)) {
            return null;
        }
        int lineStart = chunkText.lastIndexOf('\n', start - 1) + 1;
        String header = null;
        int top = lineStart; // start of the topmost row of the run holding the quote
        while (top > 0) {
            int prevStart = chunkText.lastIndexOf('\n', top - 2) + 1;
            String prev = chunkText.substring(prevStart, top - 1);
            if (TableRows.isDelimiterRow(prev)) {
                int headerStart = prevStart == 0 ? -1 : chunkText.lastIndexOf('\n', prevStart - 2) + 1;
                header = headerStart < 0 ? null : chunkText.substring(headerStart, prevStart - 1);
                if (header != null && !TableRows.isRow(header)) {
                    header = null;
                }
                top = -1;
                break;
            }
            if (!TableRows.isRow(prev)) {
                break;
            }
            top = prevStart;
        }
        if (top == 0 && continuedHeader != null && !continuedHeader.isBlank()) {
            header = continuedHeader;
        } else if (top >= 0) {
            int topEnd = chunkText.indexOf('\n', top);
            header = top == lineStart ? null : chunkText.substring(top, topEnd < 0 ? chunkText.length() : topEnd);
        }
        if (header == null) {
            return null;
        }
        return labelled(TableRows.cells(header), TableRows.cells(quote));
    }

    /** "column: value; ..." when every value has its column, else the columns named before the row. */
    private static String labelled(List<String> columns, List<String> values) {
        if (columns.stream().allMatch(String::isBlank)) {
            return null;
        }
        StringBuilder out = new StringBuilder();
        if (columns.size() == values.size()) {
            for (int i = 0; i < values.size(); i++) {
                if (values.get(i).isBlank()) {
                    continue;
                }
                if (out.length() > 0) {
                    out.append("; ");
                }
                out.append(columns.get(i).isBlank() ? "" : columns.get(i) + ": ")
                        .append(values.get(i));
            }
            return out.toString();
        }
        return "(columns: " + String.join(" | ", columns) + ") " + String.join(" | ", values);
    }
}
