package dev.docent.ingest.chunk;

import static org.assertj.core.api.Assertions.assertThat;

import dev.docent.ingest.parse.ParsedDocument;
import dev.docent.ingest.parse.ParserLimits;
import dev.docent.ingest.parse.TikaDocumentParser;
import dev.docent.testsupport.SharedData;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Real PDFs whose every line Tika emits as a paragraph, chunked with the default size and overlap: chunks start
 * at sentence starts, not inside a sentence that a line break happened to cut (ADR 0045). Before the reflow,
 * 9-52% of their chunks started mid-sentence.
 */
class PdfChunkBoundariesTest {

    private static final Pattern LIST_MARKER = Pattern.compile("[a-z]{1,4}[).]\\s");

    private static HuggingFaceTokenCounter counter;

    @BeforeAll
    static void loadTokenizer() {
        counter = new HuggingFaceTokenCounter();
    }

    @AfterAll
    static void closeTokenizer() {
        counter.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"pdf/testJournalParser.pdf", "pdf/testPDF_protected.pdf", "pdf/testPDF-TIKA-4444.pdf"})
    void noChunkStartsInTheMiddleOfASentence(String file) throws IOException {
        Path path = SharedData.tikaFile(file);
        ParsedDocument doc;
        try (InputStream in = Files.newInputStream(path)) {
            doc = new TikaDocumentParser(new ParserLimits(50_000_000, 5_000_000, Duration.ofSeconds(60), 1))
                    .parse(in, path.getFileName().toString());
        }

        List<TextChunk> chunks = new StructureAwareChunker(counter, 256, 32).split(doc);

        assertThat(chunks).hasSizeGreaterThan(10);
        // a lower-case start is a sentence cut, unless it is a list marker such as "a)" or "iv."; a few remain
        // where the layout itself interrupts a sentence (a table caption set between two of its lines). A page
        // whose sentence goes on after the previous page's footnotes starts one too: not counted (it had been hidden
        // behind the page number, which the page furniture filter now drops)
        long midSentence = chunks.subList(1, chunks.size()).stream()
                .filter(c -> Character.isLowerCase(c.text().charAt(0))
                        && !LIST_MARKER.matcher(c.text()).lookingAt()
                        && !doc.pageStarts().contains(c.charStart()))
                .count();
        assertThat(midSentence).isLessThanOrEqualTo(chunks.size() / 50);
        for (TextChunk c : chunks) {
            assertThat(doc.text().substring(c.charStart(), c.charEnd())).isEqualTo(c.text());
        }
    }
}
