package dev.docent.ingest.chunk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.docent.ingest.parse.ParsedDocument;
import dev.docent.ingest.parse.ParsedDocument.Heading;
import dev.docent.shared.text.TableRows;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class StructureAwareChunkerTest {

    /** One token per whitespace-separated word. */
    private static final TokenCounter WORDS =
            text -> text.isBlank() ? 0 : text.strip().split("\\s+").length;

    private static ParsedDocument doc(String text) {
        return doc(text, List.of(), List.of());
    }

    private static ParsedDocument doc(String text, List<Integer> pageStarts, List<Heading> headings) {
        return new ParsedDocument("t", "text/plain", text, pageStarts, headings, Map.of());
    }

    private static Heading heading(String text, int level, String title) {
        return new Heading(level, title, text.indexOf(title));
    }

    private static List<TextChunk> split(ParsedDocument doc, int target, int overlap) {
        List<TextChunk> chunks = new StructureAwareChunker(WORDS, target, overlap).split(doc);
        assertInvariants(doc, chunks, target);
        return chunks;
    }

    private static void assertInvariants(ParsedDocument doc, List<TextChunk> chunks, int target) {
        for (int i = 0; i < chunks.size(); i++) {
            TextChunk c = chunks.get(i);
            assertThat(doc.text().substring(c.charStart(), c.charEnd())).isEqualTo(c.text());
            assertThat(c.text()).isNotBlank().isEqualTo(c.text().strip());
            assertThat(c.ordinal()).isEqualTo(i);
            assertThat(c.tokenCount()).isEqualTo(WORDS.count(c.text())).isLessThanOrEqualTo(target);
            assertThat(c.pageStart()).isEqualTo(doc.pageAt(c.charStart()));
            assertThat(c.pageEnd()).isEqualTo(doc.pageAt(c.charEnd() - 1));
        }
    }

    private static List<String> texts(List<TextChunk> chunks) {
        return chunks.stream().map(TextChunk::text).toList();
    }

    private static String words(String prefix, int n) {
        return IntStream.rangeClosed(1, n).mapToObj(i -> prefix + i).collect(Collectors.joining(" "));
    }

    @Test
    void anOverlongSentenceIsCutAfterAClauseRatherThanInsideOne() {
        // one "sentence" of numbered items, as statutes write them: 5 words per item, target 12 words
        String text = "Controlled substances include (1) any opium derivative or preparation; (2) any coca leaf extract"
                + " or mixture; (3) any synthetic opiate in any form; (4) any salt, isomer or ester thereof.";

        List<TextChunk> chunks = split(doc(text), 12, 0);

        assertThat(texts(chunks))
                .containsExactly(
                        "Controlled substances include (1) any opium derivative or preparation;",
                        "(2) any coca leaf extract or mixture;",
                        "(3) any synthetic opiate in any form;",
                        "(4) any salt, isomer or ester thereof.");
    }

    @Test
    void emptyOrBlankTextGivesNoChunks() {
        assertThat(split(doc(""), 10, 0)).isEmpty();
        assertThat(split(doc("  \n\n \t \n"), 10, 0)).isEmpty();
    }

    @Test
    void smallDocumentIsOneTrimmedChunk() {
        String text = "\n\n  Hello world. This is small.\n\nSecond paragraph.  \n";

        List<TextChunk> chunks = split(doc(text), 50, 10);

        assertThat(chunks).hasSize(1);
        TextChunk only = chunks.get(0);
        assertThat(only.text()).isEqualTo("Hello world. This is small.\n\nSecond paragraph.");
        assertThat(only.tokenCount()).isEqualTo(7);
        assertThat(only.headingPath()).isEmpty();
        assertThat(only.pageStart()).isNull();
        assertThat(only.pageEnd()).isNull();
    }

    @Test
    void packsWholeParagraphsUpToTarget() {
        String text = String.join(
                "\n\n",
                words("a", 4) + ".",
                words("b", 4) + ".",
                words("c", 4) + ".",
                words("d", 4) + ".",
                words("e", 4) + ".");

        List<TextChunk> chunks = split(doc(text), 10, 0);

        assertThat(texts(chunks))
                .containsExactly(
                        words("a", 4) + ".\n\n" + words("b", 4) + ".",
                        words("c", 4) + ".\n\n" + words("d", 4) + ".",
                        words("e", 4) + ".");
    }

    @Test
    void splitsLargeParagraphAtSentenceBoundaries() {
        String text = "Dr. Smith wrote this first sentence here. See Fig. 3 and e.g. the appendix now! "
                + "Is the third sentence complete? \"Quoted sentence ends here.\" 42 is the answer today.";

        List<TextChunk> chunks = split(doc(text), 12, 0);

        assertThat(texts(chunks))
                .containsExactly(
                        "Dr. Smith wrote this first sentence here.",
                        "See Fig. 3 and e.g. the appendix now!",
                        "Is the third sentence complete? \"Quoted sentence ends here.\"",
                        "42 is the answer today.");
    }

    @Test
    void chunkSentencesAgreeWithQuotedSentencesOnDottedAcronymsAndCitations() {
        String text = "The Act (21U.S.C. 812) sets the schedules. See vol. 1,pp. 52-71, 2004. Grenoble, France: ed."
                + " Smith. They moved to the U.S.A. The firm grew.";

        List<String> sentences = StructureAwareChunker.sentences(text, 0, text.length()).stream()
                .map(s -> text.substring(s[0], s[1]).strip())
                .toList();

        assertThat(sentences)
                .containsExactly(
                        "The Act (21U.S.C. 812) sets the schedules.",
                        "See vol. 1,pp. 52-71, 2004.",
                        "Grenoble, France: ed. Smith.",
                        "They moved to the U.S.A.",
                        "The firm grew.");
    }

    @Test
    void sentenceSplitterKeepsAbbreviationsAndLowercaseContinuations() {
        String text = "Results by Smith et al. Show growth. Values i.e. numbers. Ratio was 3.5 vs. 2. done. Next one.";

        List<String> sentences = StructureAwareChunker.sentences(text, 0, text.length()).stream()
                .map(s -> text.substring(s[0], s[1]).strip())
                .toList();

        assertThat(sentences)
                .containsExactly(
                        "Results by Smith et al. Show growth.",
                        "Values i.e. numbers.",
                        "Ratio was 3.5 vs. 2. done.",
                        "Next one.");
    }

    @Test
    void splitsASentenceLongerThanTargetAtWhitespace() {
        String sentence = words("w", 25) + ".";

        List<TextChunk> chunks = split(doc(sentence), 10, 3);

        assertThat(texts(chunks))
                .containsExactly(words("w", 10), "w11 w12 w13 w14 w15 w16 w17 w18 w19 w20", "w21 w22 w23 w24 w25.");
    }

    @Test
    void cutsASingleGiantWordByCharacters() {
        TokenCounter chars = String::length; // one token per char
        String text = "x".repeat(25);

        List<TextChunk> chunks = new StructureAwareChunker(chars, 10, 0).split(doc(text));

        assertThat(chunks).allSatisfy(c -> assertThat(c.tokenCount()).isLessThanOrEqualTo(10));
        assertThat(chunks.stream().map(TextChunk::text).collect(Collectors.joining()))
                .isEqualTo(text);
    }

    @Test
    void followsHeadingsAndNeverCrossesASiblingOrParent() {
        String text = "Preamble text.\n\nIntro\n\nIntro body.\n\nMethods\n\nMethods body.\n\nSetup\n\nSetup body.\n\n"
                + "Data\n\nData body.\n\nResults\n\nResults body.";
        List<Heading> headings = List.of(
                heading(text, 1, "Intro"),
                heading(text, 1, "Methods"),
                heading(text, 2, "Setup"),
                heading(text, 2, "Data"),
                heading(text, 1, "Results"));

        List<TextChunk> chunks = split(doc(text, List.of(), headings), 100, 10);

        assertThat(texts(chunks))
                .containsExactly(
                        "Preamble text.",
                        "Intro\n\nIntro body.",
                        "Methods\n\nMethods body.\n\nSetup\n\nSetup body.",
                        "Data\n\nData body.",
                        "Results\n\nResults body.");
        assertThat(chunks)
                .extracting(TextChunk::headingPath)
                .containsExactly(
                        List.of(),
                        List.of("Intro"),
                        List.of("Methods"),
                        List.of("Methods", "Data"),
                        List.of("Results"));
    }

    @Test
    void anEmptySectionsHeadingGoesWithTheNextSectionInsteadOfStandingAlone() {
        String text = "Rentals\n\nOffices\n\nOffice body.\n\nShops\n\nShop body.\n\nEnd";
        List<Heading> headings = List.of(
                heading(text, 2, "Rentals"),
                heading(text, 2, "Offices"),
                heading(text, 2, "Shops"),
                heading(text, 2, "End"));

        List<TextChunk> chunks = split(doc(text, List.of(), headings), 200, 0);

        assertThat(texts(chunks)).containsExactly("Rentals\n\nOffices\n\nOffice body.", "Shops\n\nShop body.", "End");
        assertThat(chunks)
                .extracting(TextChunk::headingPath)
                .containsExactly(List.of("Offices"), List.of("Shops"), List.of("End"));
    }

    @Test
    void headingPathOfAChunkStartingInsideASubsection() {
        String text = "Guide\n\nInstall\n\n" + words("p", 6) + ".\n\n" + words("q", 6) + ".";
        List<Heading> headings = List.of(heading(text, 1, "Guide"), heading(text, 2, "Install"));

        List<TextChunk> chunks = split(doc(text, List.of(), headings), 8, 0);

        assertThat(chunks).hasSize(2);
        // the path is where the chunk's body starts: under Install, though the chunk opens with Guide's line
        assertThat(chunks.get(0).headingPath()).containsExactly("Guide", "Install");
        assertThat(chunks.get(1).text()).isEqualTo(words("q", 6) + ".");
        assertThat(chunks.get(1).headingPath()).containsExactly("Guide", "Install");
    }

    @Test
    void pageNumbersComeFromPageStarts() {
        String page1 = "First page sentence one.\n\n";
        String page2 = "Second page text.\n\n";
        String page3 = "Third page text.";
        String text = page1 + page2 + page3;
        List<Integer> pageStarts = List.of(0, page1.length(), page1.length() + page2.length());

        List<TextChunk> chunks = split(doc(text, pageStarts, List.of()), 7, 0);

        assertThat(texts(chunks)).containsExactly("First page sentence one.\n\nSecond page text.", "Third page text.");
        assertThat(chunks.get(0).pageStart()).isEqualTo(1);
        assertThat(chunks.get(0).pageEnd()).isEqualTo(2);
        assertThat(chunks.get(1).pageStart()).isEqualTo(3);
        assertThat(chunks.get(1).pageEnd()).isEqualTo(3);
    }

    @Test
    void noChunkNorItsOverlapJoinsTheLastPageAndTheUnpagedEmbeddedDocuments() {
        String page1 = "First slide says one thing. It says another.\n\n";
        String page2 = "Second slide text. More of it.\n\n";
        String embedded = "Embedded workbook row one. Embedded row two.";
        String text = page1 + page2 + embedded;
        ParsedDocument doc = new ParsedDocument(
                "t",
                "application/vnd.ms-powerpoint",
                text,
                List.of(0, page1.length()),
                page1.length() + page2.length(),
                List.of(),
                Map.of());

        // everything would fit one chunk; the overlap could carry slide sentences into the first embedded chunk
        List<TextChunk> chunks = split(doc, 100, 5);

        assertThat(texts(chunks))
                .containsExactly(
                        "First slide says one thing. It says another.\n\nSecond slide text. More of it.", embedded);
        assertThat(chunks.get(0).pageStart()).isEqualTo(1);
        assertThat(chunks.get(0).pageEnd()).isEqualTo(2);
        assertThat(chunks.get(1).pageStart()).isNull();
        assertThat(chunks.get(1).pageEnd()).isNull();
    }

    @Test
    void nextChunkStartsWithTrailingSentencesOfThePrevious() {
        String text = "One two three four. Five six seven eight. Nine ten eleven twelve. "
                + "Thirteen fourteen fifteen sixteen. Seventeen eighteen nineteen twenty.";

        List<TextChunk> chunks = split(doc(text), 10, 4);

        assertThat(texts(chunks))
                .containsExactly(
                        "One two three four. Five six seven eight.",
                        "Five six seven eight. Nine ten eleven twelve.",
                        "Nine ten eleven twelve. Thirteen fourteen fifteen sixteen.",
                        "Thirteen fourteen fifteen sixteen. Seventeen eighteen nineteen twenty.");
    }

    @Test
    void noOverlapAcrossAHeadingBreak() {
        String text = "A\n\nAlpha beta gamma.\n\nB\n\nDelta epsilon zeta.";
        List<Heading> headings = List.of(heading(text, 1, "A"), heading(text, 1, "B"));

        List<TextChunk> chunks = split(doc(text, List.of(), headings), 50, 10);

        assertThat(texts(chunks)).containsExactly("A\n\nAlpha beta gamma.", "B\n\nDelta epsilon zeta.");
    }

    @Test
    void listItemsAreBlocks() {
        String text = "Steps:\n- open the box now\n- take the device out\n- plug it in";

        List<TextChunk> chunks = split(doc(text), 10, 0);

        assertThat(texts(chunks)).containsExactly("Steps:\n- open the box now", "- take the device out\n- plug it in");
    }

    @Test
    void oversizedTableIsSplitByRows() {
        String text = "\tName\tAge\tCity\n\tAnn\t31\tOslo\n\tBob\t45\tRome\n\tCid\t27\tLima\n";

        List<TextChunk> chunks = split(doc(text), 7, 0);

        // rows are 3 tokens: two whole rows per chunk, never a cut inside a row
        assertThat(texts(chunks)).containsExactly("Name\tAge\tCity\n\tAnn\t31\tOslo", "Bob\t45\tRome\n\tCid\t27\tLima");
        // the header goes with the second part, capped at a quarter of the target (1 token here) in whole cells
        assertThat(chunks.get(0).tableHeader()).isNull();
        assertThat(chunks.get(1).tableHeader()).isEqualTo("Name");
    }

    @Test
    void everyPartOfASplitTableCarriesItsHeaderRowOutsideItsText() {
        String text = "Staff list\n\nName\tAge\tCity\nAnn\t31\tOslo\nBob\t45\tRome\nCid\t27\tLima\nDan\t52\tBonn\n"
                + "Eve\t38\tKiev\nFay\t29\tGoa\n\nThe list ends here.";

        List<TextChunk> chunks = split(doc(text), 12, 0);

        assertThat(texts(chunks))
                .containsExactly(
                        "Staff list\n\nName\tAge\tCity\nAnn\t31\tOslo\nBob\t45\tRome",
                        "Cid\t27\tLima\nDan\t52\tBonn\nEve\t38\tKiev\nFay\t29\tGoa",
                        "The list ends here.");
        assertThat(chunks).extracting(TextChunk::tableHeader).containsExactly(null, "Name\tAge\tCity", null);
    }

    @Test
    void aMarkdownPipeTableIsSplitByRowsAndEveryPartCarriesItsHeaderCells() {
        String text =
                "## Staff\n\nWho works where:\n| Name | Age | City |\n|:-----|----:|------|\n| Ann | 31 | Oslo |\n"
                        + "| Bob | 45 | Rome |\n| Cid | 27 | Lima |\n| Dan | 52 | Bonn |\n| Eve | 38 | Kiev |\n\nThe list ends.";

        List<TextChunk> chunks = split(doc(text), 16, 0);

        // rows are 7 tokens: the caption, header and delimiter rows open the first part, then two rows per part
        assertThat(texts(chunks))
                .containsExactly(
                        "## Staff\n\nWho works where:\n| Name | Age | City |\n|:-----|----:|------|",
                        "| Ann | 31 | Oslo |\n| Bob | 45 | Rome |",
                        "| Cid | 27 | Lima |\n| Dan | 52 | Bonn |",
                        "| Eve | 38 | Kiev |\n\nThe list ends.");
        // the header row above the delimiter row, as cells (the parser's tab-separated form), capped at 4 tokens
        assertThat(chunks)
                .extracting(TextChunk::tableHeader)
                .containsExactly(null, "Name\tAge\tCity", "Name\tAge\tCity", "Name\tAge\tCity");
    }

    @Test
    void pipesInProseOrAMarkdownRuleMakeNoTable() {
        String prose = "Run it as a | b | c on the shell. " + words("w", 12) + ". Then check the result again.\n"
                + "---\nThe next part | with a pipe | follows here.";

        List<TextChunk> chunks = split(doc(prose), 10, 0);

        assertThat(chunks).allSatisfy(c -> assertThat(c.tableHeader()).isNull());
        assertThat(TableRows.isDelimiterRow("---")).isFalse();
        assertThat(TableRows.isDelimiterRow("--- | ---")).isTrue();
        assertThat(TableRows.isDelimiterRow("| :---: | --: |")).isTrue();
        assertThat(TableRows.isDelimiterRow("| a | -- |")).isFalse();
    }

    @Test
    void aPipeTableInsideACodeFenceAndTabIndentedCodeMakeNoTable() {
        String fenced = "```\n| a | b |\n|---|---|\n| " + words("x", 10) + " |\n| " + words("y", 10) + " |\n```";
        String code = "func main() {\n\tfmt.Println(" + words("a", 6) + ")\n\tos.Exit(" + words("b", 6) + ")\n}";

        assertThat(split(doc(fenced), 12, 0))
                .allSatisfy(c -> assertThat(c.tableHeader()).isNull());
        assertThat(split(doc(code), 8, 0))
                .allSatisfy(c -> assertThat(c.tableHeader()).isNull());
    }

    @Test
    void pipeTableCellsHonourEscapedPipesAndMissingOuterPipes() {
        assertThat(TableRows.cells("| Operator | Meaning |")).containsExactly("Operator", "Meaning");
        assertThat(TableRows.cells("Flag \\| alias | Default")).containsExactly("Flag | alias", "Default");
        assertThat(TableRows.cells("| a || c |")).containsExactly("a", "", "c");
        assertThat(TableRows.cells("\tAnn\t31\tOslo")).containsExactly("Ann", "31", "Oslo");
        assertThat(TableRows.isRow("| a | b |")).isTrue();
        assertThat(TableRows.isRow("Ann\t31")).isTrue();
        assertThat(TableRows.isRow("\tAn indented paragraph.")).isFalse();
        assertThat(TableRows.isRow("a | b")).isFalse();
    }

    @Test
    void invariantsHoldOnRandomDocuments() {
        Random random = new Random(42);
        String[] pieces = {
            "word", "Dr.", "e.g.", "End.", "Why?", "\n", "\n\n", "\t", "- ", "1. ", " ", "Yes!", "x".repeat(30)
        };
        for (int round = 0; round < 300; round++) {
            StringBuilder sb = new StringBuilder();
            int n = random.nextInt(200);
            for (int i = 0; i < n; i++) {
                sb.append(pieces[random.nextInt(pieces.length)]).append(random.nextBoolean() ? " " : "");
            }
            String text = sb.toString();
            List<Heading> headings = IntStream.range(0, random.nextInt(5))
                    .mapToObj(i -> new Heading(1 + random.nextInt(3), "H" + i, random.nextInt(text.length() + 1)))
                    .toList();
            List<Integer> pages = text.isEmpty() ? List.of() : List.of(0, text.length() / 2 + 1);
            int target = 3 + random.nextInt(20);
            List<TextChunk> chunks = split(doc(text, pages, headings), target, random.nextInt(target));
            String nonBlank = text.replaceAll("\\s+", "");
            assertThat(chunks.isEmpty()).isEqualTo(nonBlank.isEmpty());
        }
    }

    @Test
    void rejectsInvalidSizes() {
        assertThatThrownBy(() -> new StructureAwareChunker(WORDS, 0, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new StructureAwareChunker(WORDS, 10, 10)).isInstanceOf(IllegalArgumentException.class);
    }
}
