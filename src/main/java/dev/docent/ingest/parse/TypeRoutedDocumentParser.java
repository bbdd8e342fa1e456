package dev.docent.ingest.parse;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.util.Objects;
import java.util.Set;

/**
 * Sends documents of a few plain-text types to the in-process parser and every other type to the isolated one
 * (worker processes, ADR 0007). Text, CSV and Markdown go through Tika's text parsers, which read their bytes once,
 * linearly, into at most the write limit: nothing there for a worker JVM to contain, while the round trip to one
 * cost about 14 ms of CPU per small document (more than the parse). The type is Tika's detection from the bytes
 * and the file name, so a zip named {@code notes.txt} still goes to a worker. Both parsers are the same
 * {@link TikaDocumentParser} underneath, so the results are identical.
 */
public final class TypeRoutedDocumentParser implements DocumentParser, AutoCloseable {
    private final ParserLimits limits;
    private final DocumentParser inProcess;
    private final DocumentParser isolated;
    private final Set<String> inProcessTypes;

    public TypeRoutedDocumentParser(
            ParserLimits limits, DocumentParser inProcess, DocumentParser isolated, Set<String> inProcessTypes) {
        this.limits = Objects.requireNonNull(limits, "limits");
        this.inProcess = Objects.requireNonNull(inProcess, "inProcess");
        this.isolated = Objects.requireNonNull(isolated, "isolated");
        this.inProcessTypes = Set.copyOf(inProcessTypes);
    }

    @Override
    public ParsedDocument parse(InputStream content, String fileName) {
        Objects.requireNonNull(content, "content");
        byte[] bytes = LimitedInput.read(content, limits.maxBytes());
        return route(bytes, fileName).parse(new ByteArrayInputStream(bytes), fileName);
    }

    /** The parser a document with these bytes and this name goes to. */
    public DocumentParser route(byte[] bytes, String fileName) {
        String name = fileName == null ? "" : fileName.strip();
        String type = TikaDocumentParser.detectType(bytes, name).getBaseType().toString();
        return inProcessTypes.contains(type) ? inProcess : isolated;
    }

    @Override
    public void close() throws Exception {
        try {
            if (isolated instanceof AutoCloseable c) {
                c.close();
            }
        } finally {
            if (inProcess instanceof AutoCloseable c) {
                c.close();
            }
        }
    }
}
