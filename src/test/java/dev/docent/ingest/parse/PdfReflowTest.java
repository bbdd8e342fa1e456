package dev.docent.ingest.parse;

import static org.assertj.core.api.Assertions.assertThat;

import dev.docent.ingest.parse.ParsedDocument.Heading;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PdfReflowTest {

    private static final String WRAPPED = String.join(
            "\n\n",
            "Results",
            "The steering arm is actuated through electrostatic pull-down to the",
            "substrate. Control of multiple robots is achieved by varying the",
            "geometry of the arm, and hence its pull-down and release voltages of",
            "Independent control is shown in Section IV of the paper for all",
            "robots.",
            "Table 2");

    @Test
    void wrappedLinesOfAParagraphAreJoinedAndHeadingsAndSentenceEndsKeepTheirBreak() {
        PdfReflow.Result r = PdfReflow.reflow(WRAPPED, List.of(0), List.of(), Set.of());

        assertThat(r.text())
                .isEqualTo("Results\n\n"
                        + "The steering arm is actuated through electrostatic pull-down to the\n"
                        + "substrate. Control of multiple robots is achieved by varying the\n"
                        + "geometry of the arm, and hence its pull-down and release voltages of\n"
                        + "Independent control is shown in Section IV of the paper for all\n"
                        + "robots.\n\n"
                        + "Table 2");
    }

    @Test
    void onlyNewlinesAreRemovedSoPagesAndHeadingsMoveWithTheirText() {
        String page2 = "Second page starts a new paragraph with a long enough line here\n\nand runs on.";
        String text = WRAPPED + "\n\n" + page2;
        int page2Start = text.indexOf("Second page");
        int headingStart = text.indexOf("Independent");
        PdfReflow.Result r = PdfReflow.reflow(
                text, List.of(0, page2Start), List.of(new Heading(2, "Independent", headingStart)), Set.of());

        assertThat(r.text()).startsWith("Results\n\n").endsWith("long enough line here\nand runs on.");
        assertThat(r.text().substring(r.pageStarts().get(1))).startsWith("Second page");
        assertThat(r.text().substring(r.headings().get(0).charStart())).startsWith("Independent");
        // the page break itself is kept: "Table 2" is not joined to the next page
        assertThat(r.text()).contains("Table 2\n\nSecond page");
        assertThat(r.text().replace("\n", "")).isEqualTo(text.replace("\n", ""));
    }

    @Test
    void aBreakAfterAVerticalGapIsKept() {
        String text = "Department of Electrical and Computer Engineering, University of Chicago\n\n"
                + "Abstract. We present control strategies for microrobots.";
        int gap = text.indexOf("Abstract");

        assertThat(PdfReflow.reflow(text, List.of(0), List.of(), Set.of(gap)).text())
                .isEqualTo(text);
        assertThat(PdfReflow.reflow(text, List.of(0), List.of(), Set.of()).text())
                .isEqualTo(text.replace("Chicago\n\n", "Chicago\n"));
    }

    @Test
    void aShortUnterminatedLineBeforeACapitalIsAHeadingAndAHyphenOrLowerCaseJoins() {
        String text = "Introduction\n\nMicroscale robots have many applications in areas such as\n\n"
                + "biomedicine and surveillance, and they rely on the combined stress-\n\nEngineered actions.";

        assertThat(PdfReflow.reflow(text, List.of(), List.of(), Set.of()).text())
                .isEqualTo("Introduction\n\nMicroscale robots have many applications in areas such as\n"
                        + "biomedicine and surveillance, and they rely on the combined stress-\nEngineered actions.");
    }

    @Test
    void textWithoutParagraphBreaksIsReturnedAsIs() {
        String text = "One line.\nAnother line\nand a third.";
        PdfReflow.Result r = PdfReflow.reflow(text, List.of(0), List.of(), Set.of());

        assertThat(r.text()).isSameAs(text);
        assertThat(r.pageStarts()).containsExactly(0);
    }
}
