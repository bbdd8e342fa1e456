package dev.docent.eval.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the harness refuses, and when: bad baselines, unwritable outputs and datasets with nothing to score are
 * errors raised before anything is ingested. The "server" here is a closed port, so any check that ran after the
 * first request would fail with "cannot reach" instead.
 */
class EvalInputChecksTest {
    private static final String NO_SERVER = "http://127.0.0.1:1";

    @TempDir
    Path dir;

    private Path beir(String corpus, String queries, String qrels) throws Exception {
        Path d = Files.createDirectories(dir.resolve("beir"));
        Files.writeString(d.resolve("corpus.jsonl"), corpus);
        Files.writeString(d.resolve("queries.jsonl"), queries);
        Files.createDirectories(d.resolve("qrels"));
        Files.writeString(d.resolve("qrels/test.tsv"), qrels);
        return d;
    }

    private static EvalOptions options(Path dataset, String... extra) {
        List<String> args = new java.util.ArrayList<>(List.of("--dataset", dataset.toString(), "--server", NO_SERVER));
        args.addAll(List.of(extra));
        return EvalOptions.parse(args.toArray(String[]::new));
    }

    private static Report evaluate(DatasetEvaluator evaluator, EvalOptions o) {
        DocentClient client = new DocentClient(o.server(), null);
        return evaluator.evaluate(client, o, new EvalCollections(client, "00000000", false));
    }

    @Test
    void aBadBaselineFailsBeforeTheServerIsContacted() throws Exception {
        Path data = beir("{\"_id\": \"d1\", \"text\": \"a\"}\n", "{\"_id\": \"q1\", \"text\": \"a\"}\n", "q1\td1\t1\n");
        Path baseline = Files.writeString(dir.resolve("b.json"), "{\"metrics\": {\"retrieval.ndcg@10\": 0.9}}");
        assertThatThrownBy(() -> EvalMain.run(
                        new String[] {"--dataset", data.toString(), "--server", NO_SERVER, "--gate", baseline.toString()
                        }))
                .isInstanceOf(EvalException.class)
                .hasMessageContaining("metric retrieval.ndcg@10");
    }

    @Test
    void anUnwritableOutFailsBeforeTheServerIsContacted() throws Exception {
        Path data = beir("{\"_id\": \"d1\", \"text\": \"a\"}\n", "{\"_id\": \"q1\", \"text\": \"a\"}\n", "q1\td1\t1\n");
        Path file = Files.writeString(dir.resolve("a-file"), "x");
        assertThatThrownBy(() -> EvalMain.run(new String[] {
                    "--dataset",
                    data.toString(),
                    "--server",
                    NO_SERVER,
                    "--out",
                    file.resolve("sub").toString()
                }))
                .isInstanceOf(EvalException.class)
                .hasMessageStartingWith("cannot write to --out " + file.resolve("sub"));
    }

    @Test
    void anUnreachableServerSaysConnectionRefusedNotNull() throws Exception {
        Path data = beir("{\"_id\": \"d1\", \"text\": \"a\"}\n", "{\"_id\": \"q1\", \"text\": \"a\"}\n", "q1\td1\t1\n");
        assertThatThrownBy(() -> EvalMain.run(new String[] {
                    "--dataset",
                    data.toString(),
                    "--server",
                    NO_SERVER,
                    "--out",
                    dir.resolve("out").toString()
                }))
                .isInstanceOf(EvalException.class)
                .hasMessageContaining("cannot reach " + NO_SERVER + "/v1/info: connection refused")
                .hasMessageNotContaining("null");
    }

    @Test
    void queryIdsThatMatchNoQrelsAreARunError() throws Exception {
        Path data = beir("{\"_id\": \"d1\", \"text\": \"a\"}\n", "{\"_id\": \"Q1\", \"text\": \"a\"}\n", "q1\td1\t1\n");
        assertThatThrownBy(() -> evaluate(new BeirEvaluator(), options(data)))
                .isInstanceOf(EvalException.class)
                .hasMessageContaining("no query to evaluate")
                .hasMessageContaining("query ids must match exactly");
    }

    @Test
    void qrelsWithOnlyZeroScoresAreARunError() throws Exception {
        Path data = beir("{\"_id\": \"d1\", \"text\": \"a\"}\n", "{\"_id\": \"q1\", \"text\": \"a\"}\n", "q1\td1\t0\n");
        assertThatThrownBy(() -> evaluate(new BeirEvaluator(), options(data)))
                .hasMessageContaining("none of the selected ones with a relevance score above 0");
    }

    @Test
    void anEmptyCorpusIsARunError() throws Exception {
        Path data = beir("", "{\"_id\": \"q1\", \"text\": \"a\"}\n", "q1\td1\t1\n");
        assertThatThrownBy(() -> evaluate(new BeirEvaluator(), options(data)))
                .hasMessageContaining("corpus.jsonl holds no document");
    }

    @Test
    void aMissingSplitNamesTheFileAndTheSplitsThereAre() throws Exception {
        Path data = beir("{\"_id\": \"d1\", \"text\": \"a\"}\n", "{\"_id\": \"q1\", \"text\": \"a\"}\n", "q1\td1\t1\n");
        assertThatThrownBy(() -> evaluate(new BeirEvaluator(), options(data, "--split", "nosuch")))
                .hasMessageContaining("no qrels for --split nosuch: no such file or directory: ")
                .hasMessageContaining("(splits: test)");
    }

    @Test
    void aRelevantDocumentMissingFromTheFolderIsAnError() throws Exception {
        Files.createDirectories(dir.resolve("docs/sub"));
        Files.writeString(dir.resolve("docs/backup.md"), "Backups are kept 30 days.");
        Files.writeString(dir.resolve("docs/sub/nested.md"), "Nested.");
        Path yaml = Files.writeString(dir.resolve("set.yaml"), """
                documents: docs
                items:
                  - id: ok
                    question: Nested?
                    relevant_documents: [sub/nested.md]
                  - id: typo
                    question: How long are backups kept?
                    relevant_documents: [backups.md]
                """);
        assertThatThrownBy(() -> evaluate(new GoldenSetEvaluator(), options(yaml)))
                .isInstanceOf(EvalException.class)
                .hasMessageContaining("relevant_documents not in the documents folder")
                .hasMessageContaining("typo: backups.md")
                .hasMessageNotContaining("ok: sub/nested.md");
    }

    @Test
    void goldenSetDocumentsAreWalkedRecursivelyByRelativePath() throws Exception {
        Files.createDirectories(dir.resolve("docs/sub/deeper"));
        Files.writeString(dir.resolve("docs/a.md"), "A");
        Files.writeString(dir.resolve("docs/sub/deeper/b.md"), "B");
        Path yaml = Files.writeString(dir.resolve("set.yaml"), "documents: docs\nitems:\n  - question: Q?\n");
        assertThat(GoldenSetEvaluator.documents(yaml, dev.docent.eval.dataset.GoldenSet.load(yaml)))
                .containsOnlyKeys("a.md", "sub/deeper/b.md");
    }

    @Test
    void aGoldenSetWithNothingToScoreIsAnError() throws Exception {
        Files.createDirectories(dir.resolve("docs"));
        Files.writeString(dir.resolve("docs/a.md"), "A");
        Path yaml = Files.writeString(dir.resolve("set.yaml"), "documents: docs\nitems:\n  - question: Q?\n");
        assertThatThrownBy(() -> evaluate(new GoldenSetEvaluator(), options(yaml)))
                .hasMessageContaining("nothing to evaluate: no item has relevant_documents or an expected_answer");
    }

    @Test
    void anEmptySquadFileIsAnError() throws Exception {
        Path json = Files.writeString(dir.resolve("empty.json"), "{\"data\": []}");
        assertThatThrownBy(() -> evaluate(new SquadEvaluator(), options(json)))
                .hasMessageContaining("nothing to evaluate: 0 paragraph(s), 0 question(s)");
    }

    @Test
    void messagesFollowTheCauseChainWithoutStackTraces() {
        var e = new UncheckedIOException("Cannot read qrels x.tsv", new NoSuchFileException("/data/x.tsv"));
        assertThat(EvalMain.message(e)).isEqualTo("Cannot read qrels x.tsv: no such file or directory: /data/x.tsv");
        assertThat(EvalMain.message(new NullPointerException())).isEqualTo("internal error (NullPointerException)");
    }
}
