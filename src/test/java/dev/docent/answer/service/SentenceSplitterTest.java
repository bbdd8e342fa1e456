package dev.docent.answer.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SentenceSplitterTest {

    private static List<String> sentences(String text) {
        return SentenceSplitter.split(text).stream().map(s -> s.of(text)).toList();
    }

    @Test
    void splitsOnTerminators() {
        assertThat(sentences("One two. Three four! Five six? Seven"))
                .containsExactly("One two.", "Three four!", "Five six?", "Seven");
    }

    @Test
    void keepsAbbreviationsInsideSentences() {
        String text = "Use a cache, e.g. Redis, i.e. an in-memory store. Smith et al. showed this in Fig. 3 of the"
                + " paper. Dr. Jones and Mr. Brown moved to the U.S. last year. Then they left.";
        assertThat(sentences(text))
                .containsExactly(
                        "Use a cache, e.g. Redis, i.e. an in-memory store.",
                        "Smith et al. showed this in Fig. 3 of the paper.",
                        "Dr. Jones and Mr. Brown moved to the U.S. last year.",
                        "Then they left.");
    }

    @Test
    void addressAbbreviationsDoNotEndASentence() {
        // seen in an audit: a quote stopped at "Bldg." and the next began "31, Suite 1 ..."
        String text = "Write to Mount Rushmore, 13000 Highway 244, Bldg. 31, Suite 1, Keystone, SD 57751. Tel. 574-2523"
                + " answers on weekdays. Then they left.";
        assertThat(sentences(text))
                .containsExactly(
                        "Write to Mount Rushmore, 13000 Highway 244, Bldg. 31, Suite 1, Keystone, SD 57751.",
                        "Tel. 574-2523 answers on weekdays.",
                        "Then they left.");
    }

    @Test
    void dottedAcronymsAndCitationAbbreviationsGlueToWhatFollows() {
        // seen in a PDF: the quote stopped at "(21U.S.C." and a chunk's overlap began with "52-71,2004."
        String text = "The schedules established by section 202 of the Act (21U.S.C. 812) are set forth in this part."
                + " See vol. 1,pp. 52-71, 2004. Grenoble, France: ed. by Smith. They moved to the U.S.A. The firm grew.";
        assertThat(sentences(text))
                .containsExactly(
                        "The schedules established by section 202 of the Act (21U.S.C. 812) are set forth in this part.",
                        "See vol. 1,pp. 52-71, 2004.",
                        "Grenoble, France: ed. by Smith.",
                        "They moved to the U.S.A.",
                        "The firm grew.");
    }

    @Test
    void everyTableRowIsASentenceOfItsOwn() {
        // long unterminated rows and rows starting lower case would otherwise read as wrapped prose
        String text = "The staff of the northern office and where they sit today\nName\tTeam\tNotes\n"
                + "Ann\tfinance and the quarterly reporting\tJoined in 2019. Moved later\nbob\tresearch\tnone\n"
                + "| search | ok |\n| delete the collection | 403 |";
        assertThat(sentences(text))
                .containsExactly(
                        "The staff of the northern office and where they sit today",
                        "Name\tTeam\tNotes",
                        "Ann\tfinance and the quarterly reporting\tJoined in 2019. Moved later",
                        "bob\tresearch\tnone",
                        "| search | ok |",
                        "| delete the collection | 403 |");
    }

    @Test
    void keepsDecimalsAndInitials() {
        assertThat(sentences("The ratio is 3.5 on average. J. R. Smith agreed. Version 1.2.3 shipped."))
                .containsExactly("The ratio is 3.5 on average.", "J. R. Smith agreed.", "Version 1.2.3 shipped.");
    }

    @Test
    void etcEndsSentenceOnlyBeforeCapital() {
        assertThat(sentences("Apples, pears, etc. are fruit. We sell fruit, nuts, etc. Prices vary."))
                .containsExactly("Apples, pears, etc. are fruit.", "We sell fruit, nuts, etc.", "Prices vary.");
    }

    @Test
    void lineBreaksEndASentenceUnlessTheLineIsWrapped() {
        assertThat(sentences("Title without period\nFirst line\r\n\r\nSecond paragraph here. More text\n  Indented"))
                .containsExactly(
                        "Title without period", "First line", "Second paragraph here.", "More text", "Indented");
        assertThat(sentences(
                        "A sentence wrapped by the\nPDF layout goes on\nacross lines and hyph-\nenation. Next one."))
                .containsExactly(
                        "A sentence wrapped by the\nPDF layout goes on\nacross lines and hyph-\nenation.", "Next one.");
    }

    @Test
    void aShortFirstLineEndingWithAnOpenWordRunsOnAsAChunkThatStartsMidLineHasOne() {
        assertThat(sentences("Independent control of many\nMicroStressBots is achieved by design. Next."))
                .containsExactly("Independent control of many\nMicroStressBots is achieved by design.", "Next.");
        assertThat(sentences("Latest News\nMarch 22nd: the project started.\nPlanning\nThe team met."))
                .containsExactly("Latest News", "March 22nd: the project started.", "Planning", "The team met.");
    }

    @Test
    void aParagraphBreakAfterAnUnterminatedLineIsHardUnlessTheTextRunsOnInLowerCase() {
        assertThat(sentences("Department of Electrical and Computer Engineering, University of Chicago\n\n"
                        + "Abstract. We present control strategies for\n\nmicrorobots."))
                .containsExactly(
                        "Department of Electrical and Computer Engineering, University of Chicago",
                        "Abstract.",
                        "We present control strategies for\n\nmicrorobots.");
    }

    @Test
    void pdfStyleLinesSeparatedByBlankLinesFormOneSentence() {
        String pdf = "Abstract\n\nA MicroStressBot is an electrostatic microrobot that consists of an\n\n"
                + "untethered scratch drive actuator (USDA) that provides forward\n\nmotion. Keywords: MEMS.";
        assertThat(sentences(pdf))
                .containsExactly(
                        "Abstract",
                        "A MicroStressBot is an electrostatic microrobot that consists of an\n\n"
                                + "untethered scratch drive actuator (USDA) that provides forward\n\nmotion.",
                        "Keywords: MEMS.");
    }

    @Test
    void closingQuotesAndBracketsStayWithTheSentence() {
        assertThat(sentences("He said \"stop.\" Then (briefly.) it ended?! Fine..."))
                .containsExactly("He said \"stop.\"", "Then (briefly.)", "it ended?!", "Fine...");
    }

    @Test
    void offsetsAreExactAndTrimmed() {
        String text = "  Alpha beta.   Gamma, e.g. delta.\n\n Epsilon 2.5  ";
        List<SentenceSplitter.Span> spans = SentenceSplitter.split(text);
        assertThat(spans)
                .containsExactly(
                        new SentenceSplitter.Span(2, 13),
                        new SentenceSplitter.Span(16, 34),
                        new SentenceSplitter.Span(37, 48));
        assertThat(spans.get(0).of(text)).isEqualTo("Alpha beta.");
        assertThat(spans.get(1).of(text)).isEqualTo("Gamma, e.g. delta.");
        assertThat(spans.get(2).of(text)).isEqualTo("Epsilon 2.5");
    }

    @Test
    void emptyAndBlankTextGiveNoSpans() {
        assertThat(SentenceSplitter.split("")).isEmpty();
        assertThat(SentenceSplitter.split(null)).isEmpty();
        assertThat(SentenceSplitter.split(" \n\t \n")).isEmpty();
    }
}
