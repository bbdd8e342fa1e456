package dev.docent.ingest.parse.child;

import dev.docent.ingest.parse.ParsedDocument;
import dev.docent.shared.error.DocentException;
import dev.docent.shared.error.ErrorCode;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The length-prefixed protocol between the service and a parse worker, over the worker's stdin and stdout.
 *
 * <pre>
 * worker -> service, once:  int READY
 * service -> worker:        bytes(fileName) bytes(content)                (bytes = int length + that many bytes)
 * worker -> service, any number of times while it parses:  byte PROGRESS   (a page or embedded document done)
 * worker -> service:        byte OK  str(title) str(mediaType) str(text) ints(pageStarts) int(unpagedFrom|-1)
 *                                    int n {int level, str text, int charStart}*n  int m {str key, str value}*m
 *                        or byte ERROR str(code) str(message)
 * </pre>
 *
 * Strings are UTF-8 with an int length prefix. A closed stdin makes the worker exit.
 */
final class WireFormat {
    static final int READY = 0x444F4331; // "DOC1"
    static final byte OK = 0;
    static final byte ERROR = 1;
    static final byte PROGRESS = 2;

    /** Upper bound of any single length on the wire (bytes of the input, or of the text). */
    static final int MAX_LENGTH = Integer.MAX_VALUE - 16;

    private WireFormat() {}

    static void writeRequest(DataOutputStream out, String fileName, byte[] content) throws IOException {
        writeBytes(out, fileName.getBytes(StandardCharsets.UTF_8));
        writeBytes(out, content);
        out.flush();
    }

    static void writeDocument(DataOutputStream out, ParsedDocument doc) throws IOException {
        out.writeByte(OK);
        writeString(out, doc.title());
        writeString(out, doc.mediaType());
        writeString(out, doc.text());
        out.writeInt(doc.pageStarts().size());
        for (int start : doc.pageStarts()) {
            out.writeInt(start);
        }
        out.writeInt(doc.unpagedFrom() == null ? -1 : doc.unpagedFrom());
        out.writeInt(doc.headings().size());
        for (ParsedDocument.Heading h : doc.headings()) {
            out.writeInt(h.level());
            writeString(out, h.text());
            out.writeInt(h.charStart());
        }
        out.writeInt(doc.metadata().size());
        for (Map.Entry<String, String> e : doc.metadata().entrySet()) {
            writeString(out, e.getKey());
            writeString(out, e.getValue());
        }
        out.flush();
    }

    static void writeError(DataOutputStream out, ErrorCode code, String message) throws IOException {
        out.writeByte(ERROR);
        writeString(out, code.code());
        writeString(out, message == null ? "" : message);
        out.flush();
    }

    static void writeProgress(DataOutputStream out) throws IOException {
        out.writeByte(PROGRESS);
        out.flush();
    }

    /**
     * Reads a worker's answer: the document, or the coded failure it reported, thrown as a DocentException; each
     * progress report before it runs {@code onProgress}.
     */
    static ParsedDocument readResponse(DataInputStream in, Runnable onProgress) throws IOException {
        byte status = in.readByte();
        while (status == PROGRESS) {
            onProgress.run();
            status = in.readByte();
        }
        if (status == ERROR) {
            String code = readString(in);
            String message = readString(in);
            throw new DocentException(errorCode(code), message);
        }
        if (status != OK) {
            throw new IOException("unexpected status byte " + status);
        }
        String title = readString(in);
        String mediaType = readString(in);
        String text = readString(in);
        int pages = readCount(in);
        List<Integer> pageStarts = new ArrayList<>(pages);
        for (int i = 0; i < pages; i++) {
            pageStarts.add(in.readInt());
        }
        int unpagedFrom = in.readInt();
        int headingCount = readCount(in);
        List<ParsedDocument.Heading> headings = new ArrayList<>(headingCount);
        for (int i = 0; i < headingCount; i++) {
            int level = in.readInt();
            String headingText = readString(in);
            headings.add(new ParsedDocument.Heading(level, headingText, in.readInt()));
        }
        int entries = readCount(in);
        Map<String, String> metadata = new LinkedHashMap<>();
        for (int i = 0; i < entries; i++) {
            metadata.put(readString(in), readString(in));
        }
        return new ParsedDocument(
                title,
                mediaType,
                text,
                List.copyOf(pageStarts),
                unpagedFrom < 0 ? null : unpagedFrom,
                List.copyOf(headings),
                Collections.unmodifiableMap(metadata));
    }

    static ErrorCode errorCode(String code) {
        for (ErrorCode c : ErrorCode.values()) {
            if (c.code().equals(code)) {
                return c;
            }
        }
        return ErrorCode.INTERNAL;
    }

    static void writeBytes(DataOutputStream out, byte[] bytes) throws IOException {
        out.writeInt(bytes.length);
        out.write(bytes);
    }

    static byte[] readBytes(DataInputStream in) throws IOException {
        int length = in.readInt();
        if (length < 0 || length > MAX_LENGTH) {
            throw new IOException("bad length " + length);
        }
        byte[] bytes = in.readNBytes(length);
        if (bytes.length < length) {
            throw new java.io.EOFException("stream ended inside a frame");
        }
        return bytes;
    }

    private static void writeString(DataOutputStream out, String s) throws IOException {
        writeBytes(out, s.getBytes(StandardCharsets.UTF_8));
    }

    private static String readString(DataInputStream in) throws IOException {
        byte[] bytes = readBytes(in);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private static int readCount(DataInputStream in) throws IOException {
        int n = in.readInt();
        if (n < 0 || n > MAX_LENGTH) {
            throw new IOException("bad count " + n);
        }
        return n;
    }
}
