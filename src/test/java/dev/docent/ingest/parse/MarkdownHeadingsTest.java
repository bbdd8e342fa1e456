package dev.docent.ingest.parse;

import static org.assertj.core.api.Assertions.assertThat;

import dev.docent.ingest.parse.ParsedDocument.Heading;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class MarkdownHeadingsTest {

    private static final String DOC = """
            # Deployment guide

            Intro text.

            ## Setup ##

            Install it.

            ```bash
            # not a heading: a shell comment
            ```

            Configuration
            -------------

            Two lines of a paragraph
            ===

            - a list item
            ---

            #hashtag is not a heading either
            """;

    @Test
    void atxAndSetextHeadingsOutsideCodeFences() {
        List<Heading> headings = MarkdownHeadings.of(DOC);

        assertThat(headings)
                .extracting(Heading::level, Heading::text)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(1, "Deployment guide"),
                        org.assertj.core.groups.Tuple.tuple(2, "Setup"),
                        org.assertj.core.groups.Tuple.tuple(2, "Configuration"),
                        org.assertj.core.groups.Tuple.tuple(1, "Two lines of a paragraph"));
        assertThat(DOC.substring(headings.get(1).charStart())).startsWith("## Setup");
        assertThat(DOC.substring(headings.get(2).charStart())).startsWith("Configuration\n---");
    }

    @Test
    void aMarkdownUploadGetsHeadingPathsAndItsFirstHeadingAsTitle() throws Exception {
        TikaDocumentParser parser =
                new TikaDocumentParser(new ParserLimits(1_000_000, 1_000_000, Duration.ofSeconds(30), 1));
        ParsedDocument doc = parser.parse(new ByteArrayInputStream(DOC.getBytes(StandardCharsets.UTF_8)), "guide.md");

        assertThat(doc.title()).isEqualTo("Deployment guide");
        assertThat(doc.headings()).extracting(Heading::text).contains("Setup", "Configuration");
        for (Heading h : doc.headings()) {
            assertThat(doc.text().substring(h.charStart())).contains(h.text());
        }
    }
}
