package dev.docent.ingest.parse;

import static org.assertj.core.api.Assertions.assertThat;

import dev.docent.ingest.parse.ParsedDocument.Heading;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PdfFurnitureTest {

    @Test
    void runningHeadsAndPageNumbersGoAndOffsetsFollowTheText() {
        List<String> bodies = List.of(
                "Section 1 explains how the depot handled its freight.\n\nIt was a busy year.",
                "Section 2 covers staff.\n\nHiring doubled and turnover fell by a third.",
                "Section 3 lists the accidents of the year.\n\nThere were none at the northern site.",
                "Section 4 closes the report.\n\nThe board thanks everyone.");
        StringBuilder text = new StringBuilder();
        List<Integer> starts = new ArrayList<>();
        for (int p = 1; p <= 4; p++) {
            starts.add(text.length());
            text.append("ACME Annual Report 2023\n\n")
                    .append(bodies.get(p - 1))
                    .append("\n\nPage ")
                    .append(p);
            text.append(" of 4").append(p < 4 ? "\n\n" : "");
        }
        int heading = text.indexOf("Section 3");
        PdfFurniture.Result r =
                PdfFurniture.strip(text.toString(), starts, 4, List.of(new Heading(1, "Section 3", heading)), Set.of());

        assertThat(r.text()).doesNotContain("Page 2 of 4", "Page 4 of 4").contains(bodies.toArray(String[]::new));
        // the first page keeps its top line: there it is the document's title, not a running head
        assertThat(r.text()).startsWith("ACME Annual Report 2023\n\nSection 1 explains");
        assertThat(r.text().split("ACME Annual Report", -1)).hasSize(2);
        assertThat(r.text()).doesNotContain("\n\n\n").endsWith("The board thanks everyone.");
        for (int p = 1; p < 4; p++) {
            assertThat(r.text().substring(r.starts().get(p))).startsWith("Section " + (p + 1));
        }
        assertThat(r.text().substring(r.headings().get(0).charStart())).startsWith("Section 3");
    }

    @Test
    void linesRepeatedOnFewPagesOrInTheMiddleOfPagesStay() {
        String text = "Intro line\n\nBody one.\n\nPage 1\n\nOther head\n\nBody two.\n\nPage 2";
        List<Integer> starts = List.of(0, text.indexOf("Other head"));
        PdfFurniture.Result r = PdfFurniture.strip(text, starts, 2, List.of(), Set.of());
        assertThat(r.text()).isEqualTo(text); // two pages are too few to tell furniture from content
    }

    @Test
    void aRotatedPageIsReadAsWordsAndDeletedRevisionsAreNotText() throws IOException {
        TikaDocumentParser parser =
                new TikaDocumentParser(new ParserLimits(50_000_000, 5_000_000, Duration.ofSeconds(60), 1));
        ParsedDocument rotated;
        try (var in = Files.newInputStream(dev.docent.testsupport.SharedData.tikaFile("pdf/testPDF_rotated.pdf"))) {
            rotated = parser.parse(in, "rotated.pdf");
        }
        // was "A\np\nach\ne T\nik\na - A\np\nach\ne T\nik\na" (one to three letters a line)
        assertThat(rotated.text()).contains("Apache Tika");
        ParsedDocument revised;
        try (var in = Files.newInputStream(dev.docent.testsupport.SharedData.tikaFile("docx/testWORD_2006ml.docx"))) {
            revised = parser.parse(in, "revised.docx");
        }
        assertThat(revised.text()).doesNotContain("Deleted paragraph", "Del r1c1");
    }

    @Test
    void aRealRegulationLosesItsRunningHeadsButNotItsSentences() throws IOException {
        ParsedDocument doc;
        try (var in =
                Files.newInputStream(dev.docent.testsupport.SharedData.tikaFile("pdf/testPDF_bad_page_303226.pdf"))) {
            doc = new TikaDocumentParser(new ParserLimits(50_000_000, 5_000_000, Duration.ofSeconds(60), 1))
                    .parse(in, "303226.pdf");
        }
        // "21 CFR Ch. II (4-1-00 Edition) § 1308.12" headed every other page
        assertThat(doc.text()).doesNotContain("(4–1–00 Edition)");
        assertThat(doc.text()).contains("Drug Enforcement Administration, Justice");
        // line ends inside a paragraph come as Tika's layout whitespace: they are kept, not glued ("asealed")
        assertThat(doc.text()).contains("packaged in a\nsealed").doesNotContain("asealed");
    }
}
