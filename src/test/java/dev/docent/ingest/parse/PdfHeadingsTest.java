package dev.docent.ingest.parse;

import static org.assertj.core.api.Assertions.assertThat;

import dev.docent.ingest.parse.ParsedDocument.Heading;
import java.util.List;
import org.junit.jupiter.api.Test;

class PdfHeadingsTest {
    private static final String PROSE = "The results of the experiment were consistent with the model we proposed and"
            + " the measurements agreed within the error of the instruments used for them.";

    @Test
    void numberedRomanLetteredAndCapitalisedSectionLinesAreHeadings() {
        assertThat(PdfHeadings.level("I. INTRODUCTION")).isEqualTo(1);
        assertThat(PdfHeadings.level("3 Results")).isEqualTo(1);
        assertThat(PdfHeadings.level("2.1 Related work")).isEqualTo(2);
        assertThat(PdfHeadings.level("B. Data Collection")).isEqualTo(2);
        assertThat(PdfHeadings.level("REFERENCES")).isEqualTo(1);
    }

    @Test
    void stepsSentencesCaptionsAndTableRowsAreNot() {
        assertThat(PdfHeadings.level("1 Mix the flour with water")).isZero();
        assertThat(PdfHeadings.level("The model is described below.")).isZero();
        assertThat(PdfHeadings.level("TABLE 2")).isZero();
        assertThat(PdfHeadings.level("Figure 3 Control cycle")).isZero();
        assertThat(PdfHeadings.level("NAME\tTEAM")).isZero();
        assertThat(PdfHeadings.level("USA")).isZero();
        assertThat(PdfHeadings.level(
                        "A heading that goes on and on far beyond what any section title in a paper would be"))
                .isZero();
    }

    @Test
    void headingsAreFoundWhereTheyStandAloneBeforeProse() {
        String section = (PROSE + "\n\n").repeat(4);
        String text = "I. INTRODUCTION\n\n" + section + "II. METHODS AND\nMATERIALS USED\n\n" + section
                + "REFERENCES\n\n[1] A. Author and B. Author, A paper about the model, in a journal of models, 2004.";

        List<Heading> headings = PdfHeadings.detect(text, List.of(0));

        assertThat(headings)
                .extracting(Heading::text)
                .containsExactly("I. INTRODUCTION", "II. METHODS AND MATERIALS USED", "REFERENCES");
        assertThat(headings)
                .allSatisfy(h -> assertThat(text.startsWith(h.text().substring(0, 3), h.charStart()))
                        .isTrue());
    }

    @Test
    void runningHeadsChartLabelsAndLoneCandidatesAreNotHeadings() {
        // a running head on every page, and labels of a chart: neither is followed by prose on every page
        StringBuilder text = new StringBuilder();
        List<Integer> pages = new java.util.ArrayList<>();
        for (int p = 0; p < 4; p++) {
            pages.add(text.length());
            text.append("ANNUAL REPORT 2026\n\n").append(PROSE).append("\n\nABCP\n\n12.5\n\n");
        }
        assertThat(PdfHeadings.detect(text.toString(), pages)).isEmpty();

        // one heading alone may as well be a line that happens to look like one
        assertThat(PdfHeadings.detect("SUMMARY\n\n" + PROSE + "\n\n" + PROSE, List.of(0)))
                .isEmpty();
    }

    @Test
    void tooManyHeadingsForTheTextAreNone() {
        StringBuilder text = new StringBuilder();
        for (int i = 1; i <= 20; i++) {
            text.append(i).append(" Item Number ").append(i).append("\n\nShort line of text about the item here.\n\n");
        }
        assertThat(PdfHeadings.detect(text.toString(), List.of(0))).isEmpty();
    }
}
