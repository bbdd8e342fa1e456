package dev.docent.ingest.archive;

import static org.assertj.core.api.Assertions.assertThat;

import dev.docent.testsupport.SharedData;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorOutputStream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Which uploads are archives ({@link ArchiveExpander#archiveType}): the check of the first bytes and the name that
 * spares most uploads Tika's full detection must never change its answer.
 */
class ArchiveTypeTest {
    private static final byte[] TEXT = "Plain notes, not an archive.".getBytes(StandardCharsets.UTF_8);

    @Test
    void archivesAreFoundByTheirBytesWhateverTheirName() throws IOException {
        assertThat(ArchiveExpander.archiveType(zip(), "upload.bin")).isEqualTo("application/zip");
        assertThat(ArchiveExpander.archiveType(gzip(TEXT), "upload.bin")).isEqualTo("application/gzip");
        assertThat(ArchiveExpander.archiveType(bzip2(TEXT), "upload.bin")).isEqualTo("application/x-bzip2");
        assertThat(ArchiveExpander.archiveType(tar(), "upload.bin")).isEqualTo("application/x-tar");
    }

    @Test
    void otherUploadsSkipTheFullDetection() {
        assertThat(ArchiveExpander.mayBeArchive(TEXT, "notes.txt")).isFalse();
        assertThat(ArchiveExpander.mayBeArchive("%PDF-1.7\n".getBytes(StandardCharsets.US_ASCII), "a.pdf"))
                .isFalse();
        assertThat(ArchiveExpander.mayBeArchive(new byte[0], "")).isFalse();
        assertThat(ArchiveExpander.mayBeArchive(new byte[] {'P'}, null)).isFalse();
        assertThat(ArchiveExpander.archiveType(TEXT, "notes.txt")).isNull();
    }

    @Test
    void anArchiveNameGoesToTheFullDetectionWhateverTheBytes() {
        // an old tar has no magic number; the name decides whether Tika is asked
        assertThat(ArchiveExpander.mayBeArchive(TEXT, "backup.TAR")).isTrue();
        assertThat(ArchiveExpander.mayBeArchive(TEXT, "logs.tgz")).isTrue();
    }

    @Test
    void formatsBuiltOnZipPassTheByteCheckAndAreStillNotArchives() throws IOException {
        byte[] docx = Files.readAllBytes(SharedData.tikaFile("docx/EmbeddedPDF.docx"));

        assertThat(ArchiveExpander.mayBeArchive(docx, "EmbeddedPDF.docx")).isTrue();
        assertThat(ArchiveExpander.archiveType(docx, "EmbeddedPDF.docx")).isNull();
    }

    @Test
    void theShortcutAgreesWithTheFullDetectionOnEveryFileOfTheTikaCorpus() throws IOException {
        Path corpus = SharedData.root().resolve("corpus/tika");
        Assumptions.assumeTrue(Files.isDirectory(corpus), "shared Tika corpus missing: " + corpus);
        List<Path> files;
        try (Stream<Path> walk = Files.walk(corpus)) {
            files = walk.filter(Files::isRegularFile).toList();
        }
        List<String> disagreements = new ArrayList<>();
        int archives = 0;
        int skipped = 0;
        for (Path file : files) {
            byte[] bytes = Files.readAllBytes(file);
            String name = file.getFileName().toString();
            String full = ArchiveExpander.detectedArchiveType(bytes, name);
            String fast = ArchiveExpander.archiveType(bytes, name);
            if (!java.util.Objects.equals(full, fast)) {
                disagreements.add(corpus.relativize(file) + ": " + full + " vs " + fast);
            }
            archives += full == null ? 0 : 1;
            skipped += ArchiveExpander.mayBeArchive(bytes, name) ? 0 : 1;
        }
        assertThat(disagreements).isEmpty();
        assertThat(archives).isPositive(); // the corpus has archives of every kind
        assertThat(skipped).isGreaterThan(files.size() / 2); // and most files never reach Tika's detection
    }

    private static byte[] zip() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(out)) {
            zip.putNextEntry(new ZipEntry("a.txt"));
            zip.write(TEXT);
            zip.closeEntry();
        }
        return out.toByteArray();
    }

    private static byte[] gzip(byte[] content) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(content);
        }
        return out.toByteArray();
    }

    private static byte[] bzip2(byte[] content) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (BZip2CompressorOutputStream bz = new BZip2CompressorOutputStream(out)) {
            bz.write(content);
        }
        return out.toByteArray();
    }

    private static byte[] tar() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(out)) {
            TarArchiveEntry entry = new TarArchiveEntry("a.txt");
            entry.setSize(TEXT.length);
            tar.putArchiveEntry(entry);
            tar.write(TEXT);
            tar.closeArchiveEntry();
        }
        return out.toByteArray();
    }
}
