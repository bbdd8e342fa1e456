package dev.docent.ingest.parse;

import java.io.InputStream;

/** Port: turns the bytes of one uploaded file into text with structure (pages, headings). */
public interface DocumentParser {

    /**
     * Parses one document.
     *
     * @param content the file's bytes; the parser does not close it
     * @param fileName the uploaded file name, used as a type hint and as fallback title
     * @throws dev.docent.shared.error.DocentException with a stable code (encrypted, corrupt,
     *     unsupported_type, too_large, timeout, empty, no_text) when the file cannot yield text
     */
    ParsedDocument parse(InputStream content, String fileName);
}
