package dev.docent.ingest.archive;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.StandardCharsets;
import java.nio.charset.UnsupportedCharsetException;
import java.util.List;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.mozilla.universalchardet.UniversalDetector;

/**
 * The names of a zip's entries as their author wrote them. A zip flags names as UTF-8 (or carries an Info-ZIP
 * Unicode path) only sometimes; otherwise they are bytes in whatever code page the zipping machine used: GBK or
 * Shift_JIS from Windows in China or Japan, for instance. Read as UTF-8 those become runs of {@code ?}, and two
 * entries can end up with the same name, so that one replaces the other as a new version of the same file. So the
 * unflagged names of an archive are decoded together, in one charset: UTF-8 when all of them are valid UTF-8, else
 * the charset detected from all their bytes when it decodes every one of them, else code page 437, which the zip
 * format names as the default (it decodes any bytes, so nothing collapses to {@code ?}).
 */
final class ZipEntryNames {
    private static final Charset ZIP_DEFAULT = Charset.forName("IBM437");

    private final Charset charset;

    private ZipEntryNames(Charset charset) {
        this.charset = charset;
    }

    /** Chooses the charset for the names of {@code entries} that carry no encoding of their own. */
    static ZipEntryNames of(List<ZipArchiveEntry> entries) {
        List<byte[]> raw = entries.stream()
                .filter(ZipEntryNames::unflagged)
                .map(ZipArchiveEntry::getRawName)
                .toList();
        return new ZipEntryNames(charsetOf(raw));
    }

    /** The entry's name: as the zip declares it when it declares an encoding, else decoded in the chosen charset. */
    String nameOf(ZipArchiveEntry entry) {
        if (!unflagged(entry)) {
            return entry.getName();
        }
        return new String(entry.getRawName(), charset);
    }

    private static boolean unflagged(ZipArchiveEntry entry) {
        return entry.getNameSource() == ZipArchiveEntry.NameSource.NAME && entry.getRawName() != null;
    }

    static Charset charsetOf(List<byte[]> names) {
        if (names.stream().allMatch(name -> decodes(name, StandardCharsets.UTF_8))) {
            return StandardCharsets.UTF_8; // ASCII too
        }
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        for (byte[] name : names) {
            all.write(name, 0, name.length);
            all.write('\n');
        }
        byte[] bytes = all.toByteArray();
        UniversalDetector detector = new UniversalDetector();
        detector.handleData(bytes, 0, bytes.length);
        detector.dataEnd();
        Charset detected = forName(detector.getDetectedCharset());
        if (detected != null && names.stream().allMatch(name -> decodes(name, detected))) {
            return detected;
        }
        return ZIP_DEFAULT;
    }

    private static Charset forName(String name) {
        if (name == null) {
            return null;
        }
        try {
            return Charset.forName(name);
        } catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
            return null;
        }
    }

    private static boolean decodes(byte[] bytes, Charset charset) {
        try {
            charset.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }
}
