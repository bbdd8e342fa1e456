package dev.docent.ingest.parse;

import java.util.List;
import java.util.Map;

/**
 * The text of one document as extracted by a {@link DocumentParser}.
 *
 * @param title title from metadata, or the file name when the format has none
 * @param mediaType detected media type
 * @param text the full extracted text; every char offset in Docent refers to this string
 * @param pageStarts char offset in {@code text} where page 1, 2, ... begins; empty when the format is not
 *     paginated. When non-empty, {@code pageStarts.get(0) == 0} and the list is strictly increasing.
 * @param unpagedFrom offset from which the text is on no page, or null: the documents embedded in a paginated one
 *     that its parser emits after the last page (a deck's embedded workbooks, a PDF's attachments), whose page the
 *     format does not tell; the last page would otherwise claim them
 * @param headings headings in document order, with the char offset in {@code text} where each begins
 * @param metadata selected format metadata (author, created, ...), never the document text
 */
public record ParsedDocument(
        String title,
        String mediaType,
        String text,
        List<Integer> pageStarts,
        Integer unpagedFrom,
        List<Heading> headings,
        Map<String, String> metadata) {

    /** A document whose text is all on its pages (or that has none). */
    public ParsedDocument(
            String title,
            String mediaType,
            String text,
            List<Integer> pageStarts,
            List<Heading> headings,
            Map<String, String> metadata) {
        this(title, mediaType, text, pageStarts, null, headings, metadata);
    }

    /** A heading of the given level (1 = top) whose text starts at {@code charStart} in the document text. */
    public record Heading(int level, String text, int charStart) {}

    /** 1-based page number holding the char at {@code offset}, or {@code null} when not paginated or on no page. */
    public Integer pageAt(int offset) {
        if (pageStarts.isEmpty() || (unpagedFrom != null && offset >= unpagedFrom)) {
            return null;
        }
        int lo = 0;
        int hi = pageStarts.size() - 1;
        while (lo < hi) {
            int mid = (lo + hi + 1) >>> 1;
            if (pageStarts.get(mid) <= offset) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        return lo + 1;
    }
}
