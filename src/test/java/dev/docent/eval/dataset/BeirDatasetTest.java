package dev.docent.eval.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BeirDatasetTest {

    @Test
    void loadsCorpusQueriesAndQrelsWithHeaderAndCrlf(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("corpus.jsonl"), """
                {"_id": "d1", "title": "First", "text": "Alpha text.", "metadata": {}}
                {"_id": "d2", "text": "No title here."}

                {"_id": "d3", "title": "Third", "text": "Gamma \\u00e9."}
                """, StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("queries.jsonl"), """
                {"_id": "q1", "text": "what is alpha?", "metadata": {}}
                {"_id": "q2", "text": "not judged in this split"}
                {"_id": "q3", "text": "gamma?"}
                """, StandardCharsets.UTF_8);
        Files.createDirectories(dir.resolve("qrels"));
        Files.writeString(
                dir.resolve("qrels/test.tsv"),
                "query-id\tcorpus-id\tscore\r\nq1\td1\t1\r\nq3\td3\t2\r\nq3\td2\t0\r\nq9\td1\t1\r\n",
                StandardCharsets.UTF_8);

        BeirDataset ds = BeirDataset.load(dir, "test");

        assertThat(ds.corpus()).containsOnlyKeys("d1", "d2", "d3");
        assertThat(ds.corpus().get("d1")).isEqualTo(new BeirDataset.Document("d1", "First", "Alpha text."));
        assertThat(ds.corpus().get("d2").title()).isEmpty();
        assertThat(ds.corpus().get("d3").text()).isEqualTo("Gamma \u00e9.");
        // q2 has no qrels in the split; q9 has qrels but no query text: both dropped.
        assertThat(ds.queries().keySet()).containsExactly("q1", "q3");
        assertThat(ds.queries().get("q1").text()).isEqualTo("what is alpha?");
        assertThat(ds.qrels()).containsOnlyKeys("q1", "q3");
        assertThat(ds.qrels().get("q1")).isEqualTo(Map.of("d1", 1));
        // No stray '\r' on ids or scores; graded 0 judgments are kept.
        assertThat(ds.qrels().get("q3")).isEqualTo(Map.of("d3", 2, "d2", 0));
        // q9 is judged but not in queries.jsonl: not evaluated, and said so.
        assertThat(ds.warnings()).singleElement().asString().contains("1 query id(s) not in queries.jsonl", "q9");
    }

    @Test
    void warnsAboutRelevantDocumentsTheCorpusLacks(@TempDir Path dir) throws Exception {
        write(dir, "{\"_id\": \"d1\", \"text\": \"a\"}\n", "q1\td1\t1\nq1\tgone\t1\n");
        assertThat(BeirDataset.load(dir, "test").warnings())
                .singleElement()
                .asString()
                .contains("1 relevant document id(s) not in corpus.jsonl", "gone");
    }

    @Test
    void aDuplicateCorpusIdIsAnErrorNamingBothLines(@TempDir Path dir) throws Exception {
        write(dir, "{\"_id\": \"d1\", \"text\": \"a\"}\n{\"_id\": \"d1\", \"text\": \"b\"}\n", "q1\td1\t1\n");
        assertThatThrownBy(() -> BeirDataset.load(dir, "test"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("corpus.jsonl:2: duplicate _id 'd1' (first on line 1)");
    }

    @Test
    void anIdWithWhitespaceIsAnErrorAtLoadTime(@TempDir Path dir) throws Exception {
        write(dir, "{\"_id\": \"d1\", \"text\": \"a\"}\n{\"_id\": \"d 2\", \"text\": \"b\"}\n", "q1\td1\t1\n");
        assertThatThrownBy(() -> BeirDataset.load(dir, "test"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("corpus.jsonl:2: _id 'd 2' is empty or contains whitespace");
    }

    private static void write(Path dir, String corpus, String qrels) throws Exception {
        Files.writeString(dir.resolve("corpus.jsonl"), corpus, StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("queries.jsonl"), "{\"_id\": \"q1\", \"text\": \"what?\"}\n");
        Files.createDirectories(dir.resolve("qrels"));
        Files.writeString(dir.resolve("qrels/test.tsv"), qrels);
    }

    @Test
    void qrelsWithoutHeader(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("dev.tsv");
        Files.writeString(f, "1\t10\t1\n1\t11\t1\n");
        assertThat(BeirDataset.loadQrels(f)).isEqualTo(Map.of("1", Map.of("10", 1, "11", 1)));
    }
}
