package dev.docent.ingest.parse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.docent.ingest.parse.child.ChildClasspath;
import dev.docent.ingest.parse.child.ChildOptions;
import dev.docent.ingest.parse.child.ChildProcessDocumentParser;
import dev.docent.shared.error.DocentException;
import dev.docent.shared.error.ErrorCode;
import java.io.ByteArrayInputStream;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Image-only PDF pages: {@code no_text} without OCR; read by Tesseract with OCR, page numbers intact. The OCR
 * tests skip when no {@code tesseract} is installed ({@code ./docent install-ocr}).
 */
class OcrTest {

    private static final ParserLimits LIMITS = new ParserLimits(20_000_000, 2_000_000, Duration.ofSeconds(120), 1);
    private static final OcrSettings OCR = new OcrSettings(true, "eng", Duration.ofSeconds(120));

    static final byte[] SCAN = ImageOnlyPdf.of(
            "QUARTERLY REPORT\nThe lighthouse keeper\nlogged every storm.",
            "APPENDIX\nThe harbour master\nsigned the ledger.");

    private static void assumeTesseract() {
        Assumptions.assumeTrue(
                TesseractProbe.available(),
                "tesseract is not installed (./docent install-ocr); OCR tests skipped, the no_text path is tested");
    }

    @Test
    void imageOnlyPdfHasNoTextWithoutOcr() {
        TikaDocumentParser parser = new TikaDocumentParser(LIMITS, OcrSettings.disabled());

        assertThatThrownBy(() -> parser.parse(new ByteArrayInputStream(SCAN), "scan.pdf"))
                .isInstanceOfSatisfying(DocentException.class, e -> {
                    assertThat(e.errorCode()).isEqualTo(ErrorCode.NO_TEXT);
                    // the owner learns what would read it
                    assertThat(e.getMessage()).contains("scanned images", "OCR is off", "Tesseract");
                });
    }

    @Test
    void imageOnlyPdfIsReadWithOcrAndKeepsItsPages() {
        assumeTesseract();
        ParsedDocument doc = new TikaDocumentParser(LIMITS, OCR).parse(new ByteArrayInputStream(SCAN), "scan.pdf");

        assertOcrPages(doc);
    }

    @Test
    void ocrRunsInsideParseWorkersToo() {
        assumeTesseract();
        ChildOptions options = new ChildOptions(
                ChildOptions.currentJava(),
                ChildClasspath.resolve(Optional.empty()),
                256,
                1,
                10,
                Duration.ofSeconds(120),
                List.of(),
                ChildOptions.defaultTempRoot());
        try (ChildProcessDocumentParser parser = new ChildProcessDocumentParser(LIMITS, OCR, options)) {
            assertOcrPages(parser.parse(new ByteArrayInputStream(SCAN), "scan.pdf"));
        }
    }

    @Test
    void aThumbnailOfTheFirstPageIsNotReadAsText() throws Exception {
        assumeTesseract();
        // Office files carry a small picture of their first page (docProps/thumbnail): read by OCR it repeated the
        // page's text, or added garbage where the picture was too small to read
        byte[] docx = docxWithPictureAndThumbnail(
                ImageOnlyPdf.png("LIGHTHOUSE KEEPER"), ImageOnlyPdf.png("THUMBNAIL PREVIEW"));

        ParsedDocument doc = new TikaDocumentParser(LIMITS, OCR).parse(new ByteArrayInputStream(docx), "storms.docx");

        String upper = doc.text().toUpperCase(Locale.ROOT);
        assertThat(upper).as("text: %s", doc.text()).contains("BODY TEXT", "LIGHTHOUSE");
        assertThat(upper).as("text: %s", doc.text()).doesNotContain("THUMBNAIL", "PREVIEW");
    }

    private static byte[] docxWithPictureAndThumbnail(byte[] picture, byte[] thumbnail) throws Exception {
        try (org.apache.poi.xwpf.usermodel.XWPFDocument docx = new org.apache.poi.xwpf.usermodel.XWPFDocument();
                java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream()) {
            docx.createParagraph().createRun().setText("Body text of the report.");
            docx.createParagraph()
                    .createRun()
                    .addPicture(
                            new ByteArrayInputStream(picture),
                            org.apache.poi.xwpf.usermodel.Document.PICTURE_TYPE_PNG,
                            "storm.png",
                            org.apache.poi.util.Units.toEMU(437),
                            org.apache.poi.util.Units.toEMU(620));
            // as Word writes it (POI's addThumbnail leaves the part empty: it never closes the part's stream)
            org.apache.poi.openxml4j.opc.OPCPackage pkg = docx.getPackage();
            org.apache.poi.openxml4j.opc.PackagePartName name =
                    org.apache.poi.openxml4j.opc.PackagingURIHelper.createPartName("/docProps/thumbnail.png");
            try (java.io.OutputStream part = pkg.createPart(name, "image/png").getOutputStream()) {
                part.write(thumbnail);
            }
            pkg.addRelationship(
                    name,
                    org.apache.poi.openxml4j.opc.TargetMode.INTERNAL,
                    org.apache.poi.openxml4j.opc.PackageRelationshipTypes.THUMBNAIL);
            docx.write(out);
            return out.toByteArray();
        }
    }

    static void assertOcrPages(ParsedDocument doc) {
        String upper = doc.text().toUpperCase(Locale.ROOT);
        assertThat(doc.pageStarts()).hasSize(2);
        int lighthouse = upper.indexOf("LIGHTHOUSE");
        int harbour = upper.indexOf("HARBOUR");
        assertThat(lighthouse).as("OCR text: %s", doc.text()).isNotNegative();
        assertThat(harbour).as("OCR text: %s", doc.text()).isNotNegative();
        assertThat(doc.pageAt(lighthouse)).isEqualTo(1);
        assertThat(doc.pageAt(harbour)).isEqualTo(2);
    }
}
