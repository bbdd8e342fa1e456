package dev.docent.ingest.parse;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.james.mime4j.codec.DecodeMonitor;
import org.apache.james.mime4j.codec.DecoderUtil;

/**
 * The header lines of an e-mail message worth reading and searching: From, To, Cc, Date and Subject, in that order,
 * decoded ({@code =?UTF-8?Q?...?=}). Tika keeps them in metadata only, so an EML's text was its body alone and an
 * mbox's text its bodies run together: neither the sender nor the subject could be found.
 */
final class MailHeaders {
    private MailHeaders() {}

    /** How much of a message's start is read for its headers. */
    static final int MAX_HEADER_BYTES = 64 * 1024;

    private static final List<String> SHOWN = List.of("from", "to", "cc", "date", "subject");
    private static final int MAX_LINE_CHARS = 1000;

    /** "From: Alice <alice@example.com>", ... for the message whose first bytes are {@code head}; empty if none. */
    static List<String> lines(byte[] head) {
        String raw = decode(head, headerEnd(head, Math.min(head.length, MAX_HEADER_BYTES)));
        Map<String, String> found = new LinkedHashMap<>();
        String name = null;
        StringBuilder value = new StringBuilder();
        for (String line : raw.split("\r?\n", -1)) {
            if (line.isEmpty()) {
                break; // the headers end at the first blank line
            }
            if ((line.charAt(0) == ' ' || line.charAt(0) == '\t') && name != null) {
                value.append(' ').append(line.strip()); // a folded line continues the field
                continue;
            }
            keep(found, name, value);
            int colon = line.indexOf(':');
            if (colon <= 0 || line.substring(0, colon).contains(" ")) {
                name = null; // the mbox "From sender date" separator, or no header at all
                value.setLength(0);
                continue;
            }
            name = line.substring(0, colon).strip().toLowerCase(Locale.ROOT);
            value.setLength(0);
            value.append(line.substring(colon + 1).strip());
        }
        keep(found, name, value);
        List<String> out = new ArrayList<>();
        for (String field : SHOWN) {
            String v = found.get(field);
            if (v != null && !v.isBlank()) {
                String label = Character.toUpperCase(field.charAt(0)) + field.substring(1);
                out.add(label + ": " + (v.length() > MAX_LINE_CHARS ? v.substring(0, MAX_LINE_CHARS) : v));
            }
        }
        return out;
    }

    private static void keep(Map<String, String> found, String name, StringBuilder value) {
        if (name != null && SHOWN.contains(name) && !found.containsKey(name)) {
            String decoded;
            try {
                decoded = DecoderUtil.decodeEncodedWords(value.toString(), DecodeMonitor.SILENT);
            } catch (RuntimeException e) {
                decoded = value.toString();
            }
            found.put(name, decoded.replaceAll("\\s+", " ").strip());
        }
    }

    /** Where the header section of {@code bytes} ends: at its first blank line, or after {@code length} bytes. */
    private static int headerEnd(byte[] bytes, int length) {
        for (int i = 0; i + 1 < length; i++) {
            if (bytes[i] == '\n' && (bytes[i + 1] == '\n' || bytes[i + 1] == '\r')) {
                return i + 1;
            }
        }
        return length;
    }

    /** UTF-8 when the bytes are (RFC 6532 headers), else ISO-8859-1, which never fails. */
    private static String decode(byte[] bytes, int length) {
        try {
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes, 0, length))
                    .toString();
        } catch (CharacterCodingException e) {
            return new String(bytes, 0, length, StandardCharsets.ISO_8859_1);
        }
    }
}
