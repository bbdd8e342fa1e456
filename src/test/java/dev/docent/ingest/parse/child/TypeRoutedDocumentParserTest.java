package dev.docent.ingest.parse.child;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.docent.ingest.parse.OcrSettings;
import dev.docent.ingest.parse.ParsedDocument;
import dev.docent.ingest.parse.ParserLimits;
import dev.docent.ingest.parse.TikaDocumentParser;
import dev.docent.ingest.parse.TypeRoutedDocumentParser;
import dev.docent.shared.error.DocentException;
import dev.docent.shared.error.ErrorCode;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;

/** Plain-text types parse in the service, everything else (by detected type, not by name) in a worker. */
class TypeRoutedDocumentParserTest {
    private static final ParserLimits LIMITS = new ParserLimits(20_000_000, 2_000_000, Duration.ofSeconds(20), 1);
    private static final Set<String> TEXT_TYPES =
            Set.of("text/plain", "text/csv", "text/tab-separated-values", "text/x-web-markdown", "text/markdown");

    @Test
    void plainTextTypesParseInProcessAndNoWorkerStarts() throws Exception {
        try (ChildProcessDocumentParser workers = new ChildProcessDocumentParser(
                        LIMITS, OcrSettings.disabled(), ChildProcessDocumentParserTest.options(1, 500));
                TypeRoutedDocumentParser parser = new TypeRoutedDocumentParser(
                        LIMITS, new TikaDocumentParser(LIMITS, OcrSettings.disabled()), workers, TEXT_TYPES)) {
            ParsedDocument txt = parse(parser, "First paragraph.\n\nSecond paragraph.", "notes.txt");
            ParsedDocument md = parse(parser, "# Title\n\nSome *markdown* text.\n", "readme.md");
            ParsedDocument csv = parse(parser, "name,value\nalpha,1\nbeta,2\n", "table.csv");

            assertThat(txt.text()).isEqualTo("First paragraph.\n\nSecond paragraph.");
            assertThat(md.text()).contains("Some *markdown* text.");
            assertThat(csv.text()).contains("alpha").contains("beta");
            assertThat(workers.workersStarted()).isZero();

            // anything else goes to a worker, where a runaway parser costs the worker, not this JVM
            assertThatThrownBy(() -> parser.parse(
                            new ByteArrayInputStream(HostileTestParser.file("alloc")), "bomb.docent-hostile-test"))
                    .isInstanceOfSatisfying(
                            DocentException.class,
                            e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.RESOURCE_LIMIT));
            assertThat(workers.workersStarted()).isPositive();
        }
    }

    @Test
    void theDetectedTypeDecidesNotTheFileName() throws IOException {
        TikaDocumentParser inProcess = new TikaDocumentParser(LIMITS, OcrSettings.disabled());
        TikaDocumentParser isolated = new TikaDocumentParser(LIMITS, OcrSettings.disabled());
        TypeRoutedDocumentParser parser = new TypeRoutedDocumentParser(LIMITS, inProcess, isolated, TEXT_TYPES);

        assertThat(parser.route("plain words".getBytes(StandardCharsets.UTF_8), "a.txt"))
                .isSameAs(inProcess);
        assertThat(parser.route("a\tb\n1\t2\n".getBytes(StandardCharsets.UTF_8), "t.tsv"))
                .isSameAs(inProcess);
        assertThat(parser.route(zip(), "notes.txt")).isSameAs(isolated);
        assertThat(parser.route("%PDF-1.4\n%âãÏÓ\n".getBytes(StandardCharsets.ISO_8859_1), "paper.txt"))
                .isSameAs(isolated);
        assertThat(parser.route("<html><body><p>hi</p></body></html>".getBytes(StandardCharsets.UTF_8), "page.html"))
                .isSameAs(isolated);
    }

    private static ParsedDocument parse(TypeRoutedDocumentParser parser, String text, String name) {
        return parser.parse(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), name);
    }

    private static byte[] zip() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(out)) {
            zip.putNextEntry(new ZipEntry("inner.txt"));
            zip.write("inside".getBytes(StandardCharsets.UTF_8));
            zip.closeEntry();
        }
        return out.toByteArray();
    }
}
