package dev.docent.ingest.parse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import dev.docent.shared.error.DocentException;
import dev.docent.shared.error.ErrorCode;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TikaDocumentParserTest {

    private static final ParserLimits LIMITS = new ParserLimits(20_000_000, 2_000_000, Duration.ofSeconds(60), 1);

    private final TikaDocumentParser parser = new TikaDocumentParser(LIMITS);

    /** The shared corpus; from /work/main it is ../shared, elsewhere set -Ddocent.shared or DOCENT_SHARED. */
    private static Path corpus() {
        String base = System.getProperty("docent.shared");
        if (base == null || base.isBlank()) {
            base = System.getenv("DOCENT_SHARED");
        }
        if (base == null || base.isBlank()) {
            base = "../shared";
        }
        return Path.of(base, "corpus", "tika");
    }

    private static Path corpusFile(String relative) {
        Path file = corpus().resolve(relative);
        assumeThat(Files.isRegularFile(file)).as("corpus file %s", file).isTrue();
        return file;
    }

    private ParsedDocument parseFile(String relative) throws IOException {
        Path file = corpusFile(relative);
        try (InputStream in = Files.newInputStream(file)) {
            return parser.parse(in, file.getFileName().toString());
        }
    }

    private static void assertStructureInvariants(ParsedDocument doc) {
        String text = doc.text();
        assertThat(text).doesNotContain("\r").doesNotContain("\u0000").doesNotContain("\n\n\n");
        List<Integer> pages = doc.pageStarts();
        if (!pages.isEmpty()) {
            assertThat(pages.get(0)).isZero();
            for (int i = 1; i < pages.size(); i++) {
                assertThat(pages.get(i)).isGreaterThan(pages.get(i - 1));
            }
            assertThat(pages.get(pages.size() - 1)).isLessThanOrEqualTo(text.length());
        }
        for (ParsedDocument.Heading h : doc.headings()) {
            assertThat(h.level()).isBetween(1, 6);
            assertThat(h.charStart()).isBetween(0, text.length() - 1);
            // the heading text starts where charStart says it does
            String firstWord = h.text().split(" ")[0];
            assertThat(text.substring(h.charStart())).startsWith(firstWord);
        }
    }

    @Test
    void pdfHasPagesAndText() throws IOException {
        ParsedDocument doc = parseFile("pdf/testJournalParser.pdf");

        assertThat(doc.mediaType()).isEqualTo("application/pdf");
        assertThat(doc.text()).isNotBlank();
        assertThat(doc.pageStarts()).isNotEmpty();
        assertThat(doc.pageAt(0)).isEqualTo(1);
        assertThat(doc.pageAt(doc.text().length() - 1))
                .isEqualTo(doc.pageStarts().size());
        assertThat(doc.unpagedFrom()).isNull();
        if (doc.pageStarts().size() > 1) {
            int secondPage = doc.pageStarts().get(1);
            assertThat(doc.pageAt(secondPage - 1)).isEqualTo(1);
            assertThat(doc.pageAt(secondPage)).isEqualTo(2);
        }
        assertThat(doc.metadata()).containsEntry("contentType", "application/pdf");
        assertThat(doc.metadata()).containsKey("pageCount");
        assertThat(doc.metadata().get("pageCount"))
                .isEqualTo(Integer.toString(doc.pageStarts().size()));
        assertThat(doc.title()).isNotBlank();
        assertStructureInvariants(doc);
    }

    @Test
    void pdfLinesOfOneParagraphAreOneBlockAndTitlesKeepTheirBreak() throws IOException {
        // Tika emits every line of this PDF as a paragraph of its own
        String text = parseFile("pdf/testJournalParser.pdf").text();

        int from = text.indexOf("Control of");
        int to = text.indexOf("release voltages.", from);
        assertThat(from).isNotNegative();
        assertThat(text.substring(from, to)).contains("\n").doesNotContain("\n\n");
        assertThat(text).contains("Hysteresis\n\nVahid Foroutan");
        assertThat(text).contains("multi-microrobots control of MicroStressBots.\n\nKeywords:");
    }

    @Test
    void docxHeadingsPointIntoText() throws IOException {
        ParsedDocument doc = parseFile("docx/testWORD.docx");

        assertThat(doc.mediaType())
                .isEqualTo("application/vnd.openxmlformats-officedocument.wordprocessingml.document");
        assertThat(doc.text()).isNotBlank();
        assertThat(doc.pageStarts()).isEmpty();
        assertThat(doc.pageAt(0)).isNull();
        assertThat(doc.headings()).isNotEmpty();
        assertThat(doc.headings()).allSatisfy(h -> assertThat(h.text()).isNotBlank());
        assertStructureInvariants(doc);
    }

    @Test
    void docxWithTablesAndListsParses() throws IOException {
        ParsedDocument doc = parseFile("docx/testWORD_various.docx");

        assertThat(doc.text()).isNotBlank();
        assertStructureInvariants(doc);
    }

    @Test
    void pptxSlidesAreTreatedAsPages() throws IOException {
        ParsedDocument doc = parseFile("pptx/testPPT.pptx");

        assertThat(doc.text()).isNotBlank().doesNotContain("\n \n").doesNotContain("\u00a0\n");
        assertThat(doc.pageStarts()).hasSize(3);
        assertThat(doc.metadata()).containsEntry("pageCount", "3");
        assertThat(doc.unpagedFrom()).isNull();
        assertStructureInvariants(doc);
    }

    @Test
    void documentsEmbeddedAfterTheLastSlideAreOnNoPage() throws IOException {
        // one slide; Tika emits the embedded workbook and Word document after it, their slide untold
        ParsedDocument doc = parseFile("pptx/testPPT_embeded.pptx");

        assertThat(doc.pageStarts()).hasSize(1);
        assertThat(doc.unpagedFrom()).isNotNull();
        int from = doc.unpagedFrom();
        assertThat(doc.text().substring(0, from)).contains("The quick brown fox jumps over the lazy dog");
        assertThat(doc.text().substring(from)).contains("The Alfresco logo is above this");
        assertThat(doc.pageAt(from - 1)).isEqualTo(1);
        assertThat(doc.pageAt(from)).isNull();
        assertThat(doc.pageAt(doc.text().length() - 1)).isNull();
        assertStructureInvariants(doc);
    }

    @Test
    void htmlTitleAndHeadings() throws IOException {
        ParsedDocument doc = parseFile("html/testHTML.html");

        assertThat(doc.mediaType()).isEqualTo("text/html");
        assertThat(doc.text()).isNotBlank();
        assertThat(doc.title()).isNotBlank();
        assertThat(doc.pageStarts()).isEmpty();
        assertStructureInvariants(doc);
    }

    @Test
    void htmlFromBytesBuildsParagraphsHeadingsAndCells() {
        // line breaks inside a cell (a spreadsheet's multi-line cell) stay on the cell's row: a blank line there
        // would split the table in two, and the second part would take a fragment of a cell for its header; and
        // an empty cell keeps its place, or the cells after it would sit under the wrong column
        String html = "<html><head><title>Guide</title><style>p{}</style></head><body>"
                + "<h1>Intro</h1><p>First\r\nline.</p><p>Second\u0000 para.</p>"
                + "<h2>Data</h2><table><tr><td>a</td><td><p>b1</p><p>b2</p></td></tr><tr><td>c</td><td>d\n\nd2</td></tr>"
                + "<tr><td>e</td><td></td><td> </td><td>g</td></tr></table>"
                + "<p>\n\n\n\nEnd</p></body></html>";

        ParsedDocument doc = parser.parse(new ByteArrayInputStream(html.getBytes(StandardCharsets.UTF_8)), "g.html");

        assertThat(doc.title()).isEqualTo("Guide");
        assertThat(doc.text())
                .isEqualTo("Intro\n\nFirst\nline.\n\nSecond para.\n\nData\n\na\tb1 b2\nc\td d2\ne\t\t\tg\n\nEnd");
        assertThat(doc.headings())
                .containsExactly(new ParsedDocument.Heading(1, "Intro", 0), new ParsedDocument.Heading(2, "Data", 34));
        assertStructureInvariants(doc);
    }

    @Test
    void aCharsetDeclarationTheBytesContradictIsOverruledWhenItLosesCharacters() throws IOException {
        // the meta tag says UTF-8, the bytes are windows-1256: read as declared, hundreds of letters become U+FFFD
        ParsedDocument doc = parseFile("html/testArabicMisleadingCharset.html");

        assertThat(doc.text().chars().filter(ch -> ch == '\uFFFD').count()).isZero();
        assertThat(doc.text().chars().filter(ch -> Character.UnicodeBlock.of(ch) == Character.UnicodeBlock.ARABIC))
                .hasSizeGreaterThan(100);
        assertStructureInvariants(doc);
    }

    @Test
    void aCommentOrFootnoteInsideAHeadingOrSentenceFollowsItInstead() throws IOException {
        // OpenDocument puts a comment where it is anchored (inside this heading) and a footnote where its mark is
        // (mid-sentence); read in place, they became part of the heading path and cut the sentence in three
        ParsedDocument doc = parseFile("odt/testODFwithOOo3.odt");

        assertThat(doc.headings()).extracting(ParsedDocument.Heading::text).contains("Apache Tika Test Document");
        assertThat(doc.text())
                .contains("Apache Tika Test Document\n\nTika is part of the Lucene project.")
                .contains("This is a rather difficult test document, with interesting features.\n\n"
                        + "1 This is of course a simple footnote");
        assertStructureInvariants(doc);
    }

    @Test
    void aPaperWithoutOutlineMarkupGetsItsSectionHeadings() throws IOException {
        ParsedDocument doc = parseFile("pdf/testJournalParser.pdf");

        assertThat(doc.headings())
                .extracting(ParsedDocument.Heading::text)
                .contains("I. INTRODUCTION", "V. CONCLUSION", "REFERENCES");
        for (ParsedDocument.Heading h : doc.headings()) {
            assertThat(doc.text().substring(h.charStart())).startsWith(h.text().substring(0, 4));
        }
        assertStructureInvariants(doc);
    }

    @Test
    void plainTextUsesFileNameAsTitle() throws IOException {
        ParsedDocument doc = parseFile("txt/testTXT.txt");

        assertThat(doc.mediaType()).isEqualTo("text/plain");
        assertThat(doc.text()).isNotBlank();
        assertThat(doc.title()).isEqualTo("testTXT.txt");
        assertThat(doc.pageStarts()).isEmpty();
        assertThat(doc.headings()).isEmpty();
        assertStructureInvariants(doc);
    }

    @Test
    void plainTextFromBytesIsNormalised() {
        byte[] bytes = "one\r\ntwo\r\n\r\n\r\n\r\nthree four\n".getBytes(StandardCharsets.UTF_8);

        ParsedDocument doc = parser.parse(new ByteArrayInputStream(bytes), "notes.txt");

        assertThat(doc.text()).isEqualTo("one\ntwo\n\nthree four");
        assertThat(doc.title()).isEqualTo("notes.txt");
    }

    @Test
    void passwordProtectedPdfIsEncrypted() throws IOException {
        Path file = corpusFile("pdf/testPassword4Spaces.pdf");
        try (InputStream in = Files.newInputStream(file)) {
            assertThatThrownBy(() -> parser.parse(in, "testPassword4Spaces.pdf"))
                    .isInstanceOfSatisfying(
                            DocentException.class,
                            e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.ENCRYPTED))
                    .message()
                    .doesNotContain("Exception")
                    .doesNotContain("org.apache");
        }
    }

    @Test
    void passwordProtectedDocxIsEncrypted() throws IOException {
        Path file = corpusFile("docx/testWORD_protected_passtika.docx");
        try (InputStream in = Files.newInputStream(file)) {
            assertThatThrownBy(() -> parser.parse(in, "testWORD_protected_passtika.docx"))
                    .isInstanceOfSatisfying(
                            DocentException.class,
                            e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.ENCRYPTED));
        }
    }

    @Test
    void emptyInputIsEmpty() {
        assertThatThrownBy(() -> parser.parse(new ByteArrayInputStream(new byte[0]), "empty.pdf"))
                .isInstanceOfSatisfying(
                        DocentException.class, e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.EMPTY));
    }

    @Test
    void tooLargeInputIsRejectedWithoutReadingEverything() {
        TikaDocumentParser small = new TikaDocumentParser(new ParserLimits(10, 1000, Duration.ofSeconds(10), 0));
        byte[] eleven = "hello world".getBytes(StandardCharsets.US_ASCII);

        assertThatThrownBy(() -> small.parse(new ByteArrayInputStream(eleven), "a.txt"))
                .isInstanceOfSatisfying(
                        DocentException.class, e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.TOO_LARGE));
        // exactly at the limit is fine
        assertThat(small.parse(new ByteArrayInputStream("hello worl".getBytes(StandardCharsets.US_ASCII)), "a.txt")
                        .text())
                .isEqualTo("hello worl");
    }

    @Test
    void writeLimitTruncatesInsteadOfFailing() throws IOException {
        TikaDocumentParser limited =
                new TikaDocumentParser(new ParserLimits(20_000_000, 500, Duration.ofSeconds(60), 1));
        Path file = corpusFile("pdf/testJournalParser.pdf");
        try (InputStream in = Files.newInputStream(file)) {
            ParsedDocument doc = limited.parse(in, "testJournalParser.pdf");
            assertThat(doc.text()).isNotBlank().hasSizeLessThanOrEqualTo(500);
            assertThat(doc.metadata()).containsEntry("truncated", "true");
            assertStructureInvariants(doc);
        }
    }

    @Test
    void whitespaceOnlyTextHasNoText() {
        byte[] bytes = "   \n\n \t \r\n".getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> parser.parse(new ByteArrayInputStream(bytes), "blank.txt"))
                .isInstanceOfSatisfying(DocentException.class, e -> {
                    assertThat(e.errorCode()).isEqualTo(ErrorCode.NO_TEXT);
                    assertThat(e.getMessage()).isEqualTo("No text could be extracted from the document.");
                });
    }

    @Test
    void unknownBinaryIsUnsupported() {
        byte[] bytes = new byte[4096];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) ((i * 31 + 7) % 256);
        }
        assertThatThrownBy(() -> parser.parse(new ByteArrayInputStream(bytes), "blob.bin"))
                .isInstanceOfSatisfying(
                        DocentException.class, e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.UNSUPPORTED_TYPE));
    }

    @Test
    void textInAFormatWithoutParserIsReadAsText() {
        // Tika names a_*.txt files ISA-Tab assays, a type with no parser in the standard package.
        String table = "\"Sample Name\"\t\"Protocol REF\"\t\"Extract Name\"\n"
                + "\"liver-1\"\t\"extraction\"\t\"mitochondrial proteome\"\n";
        ParsedDocument doc =
                parser.parse(new ByteArrayInputStream(table.getBytes(StandardCharsets.UTF_8)), "a_proteome.txt");

        assertThat(doc.mediaType()).isEqualTo("text/plain");
        assertThat(doc.text()).contains("mitochondrial proteome");
    }

    @Test
    void binaryInAFormatWithoutParserStaysUnsupported() throws IOException {
        // HWP 3.0 (Hangul) is recognised by Tika but has no parser (only HWP 5 does); its bytes are not text.
        byte[] bytes = Files.readAllBytes(corpusFile("hwp/testHWP_3.0.hwp"));
        assertThatThrownBy(() -> parser.parse(new ByteArrayInputStream(bytes), "testHWP_3.0.hwp"))
                .isInstanceOfSatisfying(
                        DocentException.class, e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.UNSUPPORTED_TYPE));
    }

    @Test
    void aFormatWhoseParserIsRegisteredWithParametersIsRead() throws IOException {
        // Tika detects "application/onenote; format=one" and registers its OneNote parser for exactly that type
        ParsedDocument doc = parseFile("one/testOneNote.one");

        assertThat(doc.mediaType()).isEqualTo("application/onenote");
        assertThat(doc.text()).isNotBlank();
        assertStructureInvariants(doc);
    }

    @Test
    void aFormatTikaOnlyKnowsAsAGenericContainerIsUnsupportedNotEmpty() {
        // MS Works files are OLE2 files to Tika, whose Office parser finds no text in them
        assertThatThrownBy(() -> parseFile("wps/testWORKS2000.wps"))
                .isInstanceOfSatisfying(DocentException.class, e -> {
                    assertThat(e.errorCode()).isEqualTo(ErrorCode.UNSUPPORTED_TYPE);
                    assertThat(e.getMessage())
                            .isEqualTo("This file format (application/vnd.ms-works) is recognised, but its text"
                                    + " cannot be read.");
                });
    }

    @Test
    void aFormatWhoseParserReadsOnlyMetadataIsUnsupportedNotEmpty() {
        // Keynote 2018 keeps its slides in Apple's binary .iwa archives; Tika reads its metadata only
        assertThatThrownBy(() -> parseFile("key/testKeynote2018.key"))
                .isInstanceOfSatisfying(
                        DocentException.class, e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.UNSUPPORTED_TYPE));
    }

    @Test
    void strictOpenXmlIsUnsupportedNotCorrupt() {
        assertThatThrownBy(() -> parseFile("xlsx/testEXCEL.strict.xlsx"))
                .isInstanceOfSatisfying(DocentException.class, e -> {
                    assertThat(e.errorCode()).isEqualTo(ErrorCode.UNSUPPORTED_TYPE);
                    assertThat(e.getMessage()).contains("Strict Open XML").doesNotContain("POI");
                });
    }

    @Test
    void aDocumentOfAReadableFormatWithoutTextStaysNoText() {
        // an HTML page with a head and no body: the format is read, the document holds no text
        assertThatThrownBy(() -> parseFile("html/testHTML_head.html"))
                .isInstanceOfSatisfying(
                        DocentException.class, e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.NO_TEXT));
    }

    @Test
    void truncatedPdfIsCorrupt() throws IOException {
        Path file = corpusFile("pdf/testJournalParser.pdf");
        byte[] all = Files.readAllBytes(file);
        byte[] head = java.util.Arrays.copyOf(all, 200);
        assertThatThrownBy(() -> parser.parse(new ByteArrayInputStream(head), "broken.pdf"))
                .isInstanceOfSatisfying(
                        DocentException.class,
                        e -> assertThat(e.errorCode()).isIn(ErrorCode.CORRUPT, ErrorCode.NO_TEXT));
    }

    @Test
    void tinyTimeoutFailsWithTimeout() throws IOException {
        TikaDocumentParser hasty =
                new TikaDocumentParser(new ParserLimits(20_000_000, 2_000_000, Duration.ofMillis(1), 1));
        Path file = corpusFile("pdf/testJournalParser.pdf");
        byte[] all = Files.readAllBytes(file);
        assertThatThrownBy(() -> hasty.parse(new ByteArrayInputStream(all), "testJournalParser.pdf"))
                .isInstanceOfSatisfying(
                        DocentException.class, e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.TIMEOUT));
    }

    @Test
    void embeddedDocumentsLeaveNoTemporaryFilesBehind() throws IOException {
        // Tika spools an embedded workbook, Word document and images to temporary files; each is the embedded
        // parse's to delete (they piled up in the temporary directory, six per parse of this file)
        Set<Path> before = tikaTemporaryFiles();

        parseFile("pptx/testPPT_embeded.pptx");

        assertThat(tikaTemporaryFiles()).isSubsetOf(before);
    }

    private static Set<Path> tikaTemporaryFiles() throws IOException {
        try (var files = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            return files.filter(f -> f.getFileName().toString().startsWith("apache-tika-"))
                    .collect(java.util.stream.Collectors.toSet());
        }
    }

    @Test
    void embeddedDocumentsFollowDepthLimit() throws IOException {
        Path file = corpusFile("docx/EmbeddedPDF.docx");
        byte[] all = Files.readAllBytes(file);
        TikaDocumentParser noEmbedded =
                new TikaDocumentParser(new ParserLimits(20_000_000, 2_000_000, Duration.ofSeconds(60), 0));

        ParsedDocument without = noEmbedded.parse(new ByteArrayInputStream(all), "EmbeddedPDF.docx");
        ParsedDocument with = parser.parse(new ByteArrayInputStream(all), "EmbeddedPDF.docx");

        assertThat(with.text().length()).isGreaterThan(without.text().length());
        // pages of the embedded PDF are not pages of the outer document
        assertThat(with.pageStarts()).isEmpty();
        assertStructureInvariants(with);
        assertStructureInvariants(without);
    }

    @Test
    void anEmailsHeadersComeBeforeItsBodyAndEachMessageOfAnMboxHasItsOwn() {
        String eml = "From: Alice Example <alice@example.com>\r\n"
                + "To: Bob <bob@example.com>\r\n"
                + "Subject: =?UTF-8?Q?Budget_meeting_=E2=80=93_Q3?=\r\n"
                + "Date: Mon, 2 Nov 2026 09:00:00 +0000\r\n"
                + "Message-ID: <1@example.com>\r\n"
                + "Content-Type: text/plain; charset=UTF-8\r\n\r\n"
                + "The budget meeting moves to Thursday.\r\n";
        ParsedDocument message =
                parser.parse(new ByteArrayInputStream(eml.getBytes(StandardCharsets.UTF_8)), "budget.eml");
        // the sender and the subject were in metadata only: a search for either found nothing
        assertThat(message.text())
                .startsWith("From: Alice Example <alice@example.com>\nTo: Bob <bob@example.com>\n"
                        + "Date: Mon, 2 Nov 2026 09:00:00 +0000\nSubject: Budget meeting \u2013 Q3")
                .contains("The budget meeting moves to Thursday.")
                .doesNotContain("Message-ID");
        assertStructureInvariants(message);

        String mbox = "From alice@example.com Mon Nov  2 09:00:00 2026\n"
                + "From: alice@example.com\nSubject: Budget meeting\n\nThe meeting moves to Thursday.\n\n"
                + "From carol@example.com Tue Nov  3 10:00:00 2026\n"
                + "From: carol@example.com\nSubject: Holiday schedule\n\nThe office closes on the 24th.\n";
        ParsedDocument box = parser.parse(new ByteArrayInputStream(mbox.getBytes(StandardCharsets.UTF_8)), "team.mbox");
        String text = box.text();
        assertThat(text).contains("From: carol@example.com\nSubject: Holiday schedule");
        assertThat(text.indexOf("Subject: Budget meeting")).isLessThan(text.indexOf("The meeting moves"));
        assertThat(text.indexOf("The meeting moves")).isLessThan(text.indexOf("Subject: Holiday schedule"));
        assertThat(text.indexOf("Subject: Holiday schedule")).isLessThan(text.indexOf("The office closes"));
        assertStructureInvariants(box);
    }
}
