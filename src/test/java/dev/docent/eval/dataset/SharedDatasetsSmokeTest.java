package dev.docent.eval.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.docent.eval.metrics.AnswerMetrics;
import dev.docent.eval.metrics.RetrievalEvaluator;
import dev.docent.eval.metrics.RetrievalReport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Loads the real shared datasets. Skipped when they are absent. Location: system property {@code docent.shared},
 * else env {@code DOCENT_SHARED}, else {@code ../shared}; datasets are under {@code <shared>/datasets}.
 */
class SharedDatasetsSmokeTest {

    private static Path datasets() {
        String base = System.getProperty("docent.shared");
        if (base == null || base.isBlank()) {
            base = System.getenv("DOCENT_SHARED");
        }
        if (base == null || base.isBlank()) {
            base = "../shared";
        }
        return Path.of(base).resolve("datasets");
    }

    @Test
    void scifactTrainSplit() {
        Path dir = datasets().resolve("scifact");
        assumeTrue(Files.isRegularFile(dir.resolve("qrels/train.tsv")), "scifact not available at " + dir);

        BeirDataset ds = BeirDataset.load(dir, "train");

        assertThat(ds.corpus()).hasSize(5183);
        assertThat(ds.queries()).hasSize(809);
        assertThat(ds.qrels()).hasSize(809);
        assertThat(ds.qrels().values().stream().mapToInt(Map::size).sum()).isEqualTo(919);
        assertThat(ds.qrels().get("0")).containsEntry("31715818", 1);

        // Oracle run (relevant docs first) must score 1.0.
        Map<String, List<String>> oracle = new LinkedHashMap<>();
        ds.qrels().forEach((qid, judged) -> oracle.put(qid, new ArrayList<>(judged.keySet())));
        RetrievalReport report = RetrievalEvaluator.evaluate(oracle, ds.qrels());
        assertThat(report.queryCount()).isEqualTo(809);
        assertThat(report.mean("ndcg@10")).isCloseTo(1.0, within(1e-9));
        assertThat(report.mean("recall@100")).isCloseTo(1.0, within(1e-9));
    }

    @Test
    void squadDevHalf() {
        Path file = datasets().resolve("squad2-dev-a/dev-v2.0-a.json");
        assumeTrue(Files.isRegularFile(file), "squad2-dev-a not available at " + file);

        SquadDataset ds = SquadDataset.load(file);

        assertThat(ds.documents()).hasSize(301);
        assertThat(ds.documents().get(0).id()).isEqualTo("a0#0");
        assertThat(ds.documents().get(0).title()).isEqualTo("Normans");
        assertThat(ds.questions()).hasSize(2828);
        assertThat(ds.questions().stream().filter(SquadDataset.Question::impossible))
                .hasSize(1529);
        SquadDataset.Question first = ds.questions().get(0);
        assertThat(first.question()).isEqualTo("In what country is Normandy located?");
        assertThat(AnswerMetrics.exactMatch("france.", first.goldAnswers())).isEqualTo(1.0);
        // Every answerable question has a gold; every gold id points at a real document.
        assertThat(ds.questions())
                .allMatch(q -> q.impossible() || !q.goldAnswers().isEmpty());
        java.util.Set<String> docIds = new java.util.HashSet<>();
        ds.documents().forEach(d -> docIds.add(d.id()));
        assertThat(ds.questions()).allMatch(q -> docIds.contains(q.documentId()));
    }
}
