package dev.docent.ingest.archive;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream;
import org.junit.jupiter.api.Test;

/** Entry names of zips written without a declared encoding come out as their author wrote them. */
class ZipEntryNamesTest {

    private final ArchiveExpander expander =
            new ArchiveExpander(new ArchiveLimits(100, 100, 1_000_000, 100_000_000L, 10_000_000L));

    /** A zip whose names are bytes in {@code encoding}, with neither the UTF-8 flag nor Unicode extra fields. */
    private static byte[] zip(String encoding, boolean utf8Flag, String... names) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipArchiveOutputStream out = new ZipArchiveOutputStream(bytes)) {
            out.setEncoding(encoding);
            out.setUseLanguageEncodingFlag(utf8Flag);
            out.setCreateUnicodeExtraFields(ZipArchiveOutputStream.UnicodeExtraFieldPolicy.NEVER);
            for (String name : names) {
                out.putArchiveEntry(new ZipArchiveEntry(name));
                out.write(("text of " + name).getBytes(StandardCharsets.UTF_8));
                out.closeArchiveEntry();
            }
        }
        return bytes.toByteArray();
    }

    private List<String> names(byte[] zip) {
        List<String> out = new ArrayList<>();
        expander.expand(zip, "application/zip", "names.zip", entry -> out.add(entry.path()));
        return out;
    }

    @Test
    void namesInAWindowsChineseCodePageAreDecoded() throws IOException {
        String folder = "审计压缩包文件检索测试/";
        List<String> written = List.of(folder + "集团邮件审计系统2021年自动巡检需求文档.doc", folder + "年度财务报告摘要与附录说明.txt");

        assertThat(names(zip("GBK", false, written.toArray(String[]::new)))).containsExactlyElementsOf(written);
    }

    @Test
    void namesOfTheSameLengthInAnUndetectedCodePageStayDistinct() throws IOException {
        // two short Shift_JIS names: too little to detect, and read as UTF-8 both would be "????.txt"
        List<String> names = names(zip("Shift_JIS", false, "文書.txt", "資料.txt"));

        assertThat(names).hasSize(2).doesNotHaveDuplicates();
        assertThat(names)
                .allSatisfy(
                        name -> assertThat(name).doesNotContain("?", "\uFFFD").endsWith(".txt"));
    }

    @Test
    void unflaggedUtf8NamesAreReadAsUtf8() throws IOException {
        assertThat(names(zip("UTF-8", false, "café/résumé.txt", "plain.txt")))
                .containsExactly("café/résumé.txt", "plain.txt");
    }

    @Test
    void namesFlaggedAsUtf8AreKept() throws IOException {
        assertThat(names(zip("UTF-8", true, "naïve/日本語.txt"))).containsExactly("naïve/日本語.txt");
    }

    @Test
    void aTarOfTheCurrentDirectoryNamesItsEntriesWithoutTheLeadingDotSlash() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (var out = new org.apache.commons.compress.archivers.tar.TarArchiveOutputStream(bytes)) {
            for (String name : List.of("./dir/guide.md", "/abs.txt")) {
                byte[] body = ("text of " + name).getBytes(StandardCharsets.UTF_8);
                var entry = new org.apache.commons.compress.archivers.tar.TarArchiveEntry(name);
                entry.setSize(body.length);
                out.putArchiveEntry(entry);
                out.write(body);
                out.closeArchiveEntry();
            }
        }
        List<String> out = new ArrayList<>();
        expander.expand(bytes.toByteArray(), "application/x-tar", "bundle.tar", entry -> out.add(entry.path()));
        assertThat(out).containsExactly("dir/guide.md", "abs.txt");
        assertThat(ArchiveExpander.entryPath("./")).isEqualTo("./");
    }
}
