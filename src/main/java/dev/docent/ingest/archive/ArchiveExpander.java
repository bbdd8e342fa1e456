package dev.docent.ingest.archive;

import dev.docent.shared.error.DocentException;
import dev.docent.shared.error.ErrorCode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.apache.commons.compress.PasswordRequiredException;
import org.apache.commons.compress.archivers.sevenz.SevenZArchiveEntry;
import org.apache.commons.compress.archivers.sevenz.SevenZFile;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipFile;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.apache.commons.compress.utils.SeekableInMemoryByteChannel;
import org.apache.tika.config.TikaConfig;
import org.apache.tika.io.TikaInputStream;
import org.apache.tika.metadata.Metadata;
import org.apache.tika.metadata.TikaCoreProperties;
import org.apache.tika.mime.MediaType;

/**
 * Expands zip, tar, gzip, bzip2 and 7z files entry by entry, within {@link ArchiveLimits}: entry count,
 * total expanded bytes and expanded/compressed ratio (zip bombs). Container formats built on zip (DOCX, ODT,
 * EPUB, ...) are detected as what they are and never treated as archives.
 */
public final class ArchiveExpander {
    private static final TikaConfig TIKA = TikaConfig.getDefaultConfig();
    private static final Set<String> ARCHIVE_TYPES = Set.of(
            "application/zip",
            "application/x-tar",
            "application/x-gtar",
            "application/gzip",
            "application/x-gzip",
            "application/x-bzip2",
            "application/x-7z-compressed");

    private final ArchiveLimits limits;

    public ArchiveExpander(ArchiveLimits limits) {
        this.limits = limits;
    }

    /** Receives each entry; the entry's temporary file is deleted after the call returns. */
    public interface EntrySink {
        void accept(ArchiveEntry entry) throws IOException;
    }

    /**
     * File name endings of the archive types: a file named so goes to full detection whatever its first bytes
     * (an old tar has no magic number).
     */
    private static final List<String> ARCHIVE_SUFFIXES =
            List.of(".zip", ".tar", ".tgz", ".gtar", ".gz", ".gzip", ".bz2", ".tbz", ".tbz2", ".7z");

    /** The archive media type of these bytes, or {@code null} when they are not an archive. */
    public static String archiveType(byte[] bytes, String fileName) {
        if (!mayBeArchive(bytes, fileName)) {
            return null; // most uploads: Tika's full magic detection costs milliseconds per document
        }
        return detectedArchiveType(bytes, fileName);
    }

    /** Tika's full detection (magic, container detectors, name), narrowed to the archive types. */
    static String detectedArchiveType(byte[] bytes, String fileName) {
        Metadata hint = new Metadata();
        if (fileName != null && !fileName.isBlank()) {
            hint.set(TikaCoreProperties.RESOURCE_NAME_KEY, fileName);
        }
        try (TikaInputStream in = TikaInputStream.get(bytes)) {
            MediaType type = TIKA.getDetector().detect(in, hint);
            String base = type == null ? "" : type.getBaseType().toString();
            return ARCHIVE_TYPES.contains(base) ? base : null;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /**
     * Whether the bytes start like one of the archive types (zip, gzip, bzip2, 7z, or tar's {@code ustar} at offset
     * 257) or the name ends like one. Everything else is not an archive, which saves the full detection; what
     * passes still goes through it, which tells a zip from the formats built on zip (DOCX, ODT, EPUB, ...).
     */
    static boolean mayBeArchive(byte[] bytes, String fileName) {
        if (startsWith(bytes, 0, 'P', 'K', 3, 4)
                || startsWith(bytes, 0, 'P', 'K', 5, 6) // an empty zip
                || startsWith(bytes, 0, 'P', 'K', 7, 8) // a spanned zip
                || startsWith(bytes, 0, 0x1f, 0x8b) // gzip
                || startsWith(bytes, 0, 'B', 'Z', 'h') // bzip2
                || startsWith(bytes, 0, '7', 'z', 0xbc, 0xaf, 0x27, 0x1c)
                || startsWith(bytes, 257, 'u', 's', 't', 'a', 'r')) {
            return true;
        }
        String name = fileName == null ? "" : fileName.toLowerCase(Locale.ROOT);
        return ARCHIVE_SUFFIXES.stream().anyMatch(name::endsWith);
    }

    private static boolean startsWith(byte[] bytes, int offset, int... magic) {
        if (bytes.length < offset + magic.length) {
            return false;
        }
        for (int i = 0; i < magic.length; i++) {
            if ((bytes[offset + i] & 0xff) != magic[i]) {
                return false;
            }
        }
        return true;
    }

    /**
     * Expands the archive into {@code sink}, returning the number of entries.
     *
     * @throws DocentException {@code password_protected}, {@code corrupt}, {@code too_many_entries},
     *     {@code compression_ratio}
     */
    public int expand(byte[] bytes, String type, String fileName, EntrySink sink) {
        Budget budget = new Budget(bytes.length);
        try {
            return switch (type) {
                case "application/zip" -> zip(bytes, sink, budget);
                case "application/x-7z-compressed" -> sevenZ(bytes, sink, budget);
                case "application/x-tar", "application/x-gtar" ->
                    stream(new TarArchiveInputStream(new java.io.ByteArrayInputStream(bytes)), sink, budget);
                case "application/x-bzip2" ->
                    single(
                            new BZip2CompressorInputStream(new java.io.ByteArrayInputStream(bytes), true),
                            stripSuffix(fileName),
                            sink,
                            budget);
                case "application/gzip", "application/x-gzip" ->
                    single(
                            GzipCompressorInputStream.builder()
                                    .setInputStream(new java.io.ByteArrayInputStream(bytes))
                                    .setDecompressConcatenated(true)
                                    .get(),
                            stripSuffix(fileName),
                            sink,
                            budget);
                default -> throw new DocentException(ErrorCode.UNSUPPORTED_TYPE, "This archive type is not supported.");
            };
        } catch (DocentException e) {
            throw e;
        } catch (PasswordRequiredException e) {
            throw new DocentException(ErrorCode.PASSWORD_PROTECTED, "The archive is password-protected.", e);
        } catch (IOException | RuntimeException e) {
            throw new DocentException(
                    ErrorCode.CORRUPT, "The archive could not be read; it may be damaged or truncated.", e);
        }
    }

    private int zip(byte[] bytes, EntrySink sink, Budget budget) throws IOException {
        try (ZipFile zip = ZipFile.builder()
                .setSeekableByteChannel(new SeekableInMemoryByteChannel(bytes))
                .get()) {
            ZipEntryNames names = ZipEntryNames.of(Collections.list(zip.getEntries()));
            int count = 0;
            for (var it = zip.getEntriesInPhysicalOrder(); it.hasMoreElements(); ) {
                ZipArchiveEntry entry = it.nextElement();
                if (entry.isDirectory()) {
                    continue;
                }
                budget.entry();
                count++;
                if (entry.getGeneralPurposeBit().usesEncryption() || !zip.canReadEntryData(entry)) {
                    boolean encrypted = entry.getGeneralPurposeBit().usesEncryption();
                    sink.accept(new ArchiveEntry(
                            names.nameOf(entry),
                            null,
                            Math.max(0, entry.getSize()),
                            "",
                            new DocentException(
                                    encrypted ? ErrorCode.PASSWORD_PROTECTED : ErrorCode.UNSUPPORTED_TYPE,
                                    encrypted
                                            ? "The archive entry is password-protected."
                                            : "The archive entry uses an unsupported compression method.")));
                    continue;
                }
                try (InputStream in = zip.getInputStream(entry)) {
                    emit(names.nameOf(entry), in, sink, budget);
                }
            }
            return count;
        }
    }

    private int sevenZ(byte[] bytes, EntrySink sink, Budget budget) throws IOException {
        try (SevenZFile file = SevenZFile.builder()
                .setSeekableByteChannel(new SeekableInMemoryByteChannel(bytes))
                .get()) {
            int count = 0;
            for (SevenZArchiveEntry entry; (entry = file.getNextEntry()) != null; ) {
                if (entry.isDirectory() || !entry.hasStream()) {
                    continue;
                }
                budget.entry();
                count++;
                emit(entry.getName(), file.getInputStream(entry), sink, budget);
            }
            return count;
        }
    }

    private int stream(TarArchiveInputStream in, EntrySink sink, Budget budget) throws IOException {
        try (in) {
            int count = 0;
            for (var entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
                if (!entry.isFile()) {
                    continue;
                }
                budget.entry();
                count++;
                emit(entry.getName(), in, sink, budget);
            }
            return count;
        }
    }

    private int single(InputStream in, String name, EntrySink sink, Budget budget) throws IOException {
        try (in) {
            budget.entry();
            emit(name, in, sink, budget);
            return 1;
        }
    }

    /**
     * An entry's path as every archive type spells it: without the "./" or "/" a tar made with {@code tar -C dir .}
     * puts first ("bundle.tar!/./dir/guide.md" was not the 7z's "bundle.7z!/dir/guide.md").
     */
    static String entryPath(String path) {
        String p = path;
        while (p.startsWith("./") || p.startsWith("/")) {
            p = p.substring(p.startsWith("./") ? 2 : 1);
        }
        return p.isEmpty() ? path : p;
    }

    private void emit(String path, InputStream in, EntrySink sink, Budget budget) throws IOException {
        Path tmp = Files.createTempFile("docent-entry-", ".bin");
        try {
            MessageDigest digest = sha256();
            long size = 0;
            boolean tooLarge = false;
            try (OutputStream out = Files.newOutputStream(tmp)) {
                byte[] buf = new byte[64 * 1024];
                for (int n; (n = in.read(buf)) > 0; ) {
                    size += n;
                    budget.expanded(n);
                    if (size > limits.maxEntryBytes()) {
                        tooLarge = true;
                        break;
                    }
                    out.write(buf, 0, n);
                    digest.update(buf, 0, n);
                }
            }
            DocentException failure = tooLarge
                    ? new DocentException(
                            ErrorCode.TOO_LARGE,
                            "The archive entry is larger than the limit of " + limits.maxEntryBytes() + " bytes.")
                    : null;
            sink.accept(
                    new ArchiveEntry(entryPath(path), tmp, size, HexFormat.of().formatHex(digest.digest()), failure));
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private static String stripSuffix(String fileName) {
        String name = fileName == null || fileName.isBlank() ? "entry" : fileName;
        String lower = name.toLowerCase(Locale.ROOT);
        if (lower.endsWith(".tgz")) {
            return name.substring(0, name.length() - 4) + ".tar";
        }
        for (String suffix : new String[] {".gz", ".gzip", ".bz2", ".tbz2"}) {
            if (lower.endsWith(suffix) && lower.length() > suffix.length()) {
                return name.substring(0, name.length() - suffix.length());
            }
        }
        return name + ".out";
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Counts entries and expanded bytes against the limits. */
    private final class Budget {
        private final long compressed;
        private int entries;
        private long expanded;

        Budget(long compressed) {
            this.compressed = Math.max(1, compressed);
        }

        void entry() {
            if (++entries > limits.maxEntries()) {
                throw new DocentException(
                        ErrorCode.TOO_MANY_ENTRIES, "The archive has more than " + limits.maxEntries() + " entries.");
            }
        }

        void expanded(long n) {
            expanded += n;
            if (expanded > limits.maxExpandedBytes()) {
                throw new DocentException(
                        ErrorCode.COMPRESSION_RATIO,
                        "The archive expands to more than " + limits.maxExpandedBytes() + " bytes.");
            }
            if (expanded > limits.ratioFloorBytes() && expanded / compressed > limits.maxCompressionRatio()) {
                throw new DocentException(
                        ErrorCode.COMPRESSION_RATIO,
                        "The archive expands more than " + limits.maxCompressionRatio()
                                + " times its size; it looks like a decompression bomb.");
            }
        }
    }
}
