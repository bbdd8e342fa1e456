package dev.docent.ingest.chunk;

import java.util.List;

/**
 * One chunk of a document. Invariant: {@code document.text().substring(charStart, charEnd).equals(text)}.
 *
 * @param ordinal 0-based position in the document
 * @param pageStart first page the chunk touches (1-based), {@code null} when not paginated
 * @param pageEnd last page the chunk touches, {@code null} when not paginated
 * @param headingPath headings enclosing the chunk, outermost first
 * @param tokenCount tokens of {@code text} in the embedding model's tokenizer
 * @param tableHeader header row of the table this chunk continues (the chunk starts after it), embedded with the
 *     chunk but not part of {@code text}; {@code null} otherwise
 */
public record TextChunk(
        int ordinal,
        String text,
        int charStart,
        int charEnd,
        Integer pageStart,
        Integer pageEnd,
        List<String> headingPath,
        int tokenCount,
        String tableHeader) {}
