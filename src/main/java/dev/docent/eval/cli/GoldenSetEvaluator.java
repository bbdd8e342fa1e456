package dev.docent.eval.cli;

import dev.docent.eval.dataset.GoldenSet;
import dev.docent.eval.metrics.AnswerMetrics;
import dev.docent.eval.metrics.InjectionMetric;
import dev.docent.eval.metrics.Rankings;
import dev.docent.eval.metrics.RetrievalEvaluator;
import dev.docent.eval.metrics.RetrievalReport;
import dev.docent.eval.metrics.ScoredId;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A team's YAML golden set: uploads the real files of its documents folder through the normal upload path,
 * scores retrieval against the listed relevant documents (by file name) and answers against expected answers.
 */
final class GoldenSetEvaluator implements DatasetEvaluator {

    @Override
    public Report evaluate(DocentClient client, EvalOptions o) {
        GoldenSet set = GoldenSet.load(o.dataset());
        List<Path> files = files(set.documentsDir());
        String name = Corpus.collectionName(
                o.corpusLabel(o.dataset().getFileName().toString()),
                files.stream().map(f -> f.getFileName().toString()).toList(),
                f -> readQuietly(set.documentsDir().resolve(f)));
        String collection = client.ensureCollection(name);
        Map<String, String> serverToFile = new HashMap<>();
        for (Path f : files) {
            serverToFile.put(client.uploadFile(collection, f), f.getFileName().toString());
        }
        Map<String, List<String>> rankings = new TreeMap<>();
        Map<String, Map<String, Integer>> qrels = new TreeMap<>();
        List<Double> f1 = new ArrayList<>();
        List<Double> em = new ArrayList<>();
        List<List<String>> injections = new ArrayList<>();
        Map<String, GoldenSet.Item> items = new HashMap<>();
        for (GoldenSet.Item item : set.items()) {
            items.put(item.id(), item);
            List<ScoredId> chunks = new ArrayList<>();
            for (DocentClient.Hit hit : client.search(collection, item.question(), o.topK())) {
                chunks.add(new ScoredId(serverToFile.getOrDefault(hit.documentId(), hit.documentId()), hit.score()));
            }
            rankings.put(item.id(), Rankings.docIdsFromChunks(chunks));
            Map<String, Integer> judged = new TreeMap<>();
            item.relevantDocuments().forEach(d -> judged.put(d, 1));
            qrels.put(item.id(), judged);
            boolean expected =
                    item.expectedAnswer() != null && !item.expectedAnswer().isBlank();
            if (expected || set.injection() != null) {
                DocentClient.AnswerResult a = client.answer(collection, item.question(), 5);
                if (expected) {
                    String prediction = a.grounded() ? SquadEvaluator.stripMarkers(a.answer()) : "";
                    f1.add(AnswerMetrics.f1(prediction, List.of(item.expectedAnswer())));
                    em.add(AnswerMetrics.exactMatch(prediction, List.of(item.expectedAnswer())));
                }
                if (set.injection() != null) {
                    List<String> found = InjectionMetric.findings(
                            a.answer(),
                            a.quotes(),
                            set.injection().canaries(),
                            set.injection().exfiltrationHosts(),
                            set.injection().instructions());
                    injections.add(found);
                    if (!found.isEmpty()) {
                        System.out.println("injected answer to " + item.id() + " " + found + ": " + a.answer());
                    }
                }
            }
        }
        RetrievalReport metrics = RetrievalEvaluator.evaluate(rankings, qrels);
        List<Report.QueryRow> rows = new ArrayList<>();
        metrics.perQuery()
                .forEach((id, v) -> rows.add(new Report.QueryRow(
                        id,
                        items.get(id).question(),
                        v.get("ndcg@10"),
                        "ndcg@10",
                        rankings.get(id),
                        List.copyOf(qrels.get(id).keySet()))));
        Map<String, Double> answers = new TreeMap<>();
        if (!f1.isEmpty()) {
            answers.put(
                    "f1", f1.stream().mapToDouble(Double::doubleValue).average().orElse(0));
            answers.put(
                    "em", em.stream().mapToDouble(Double::doubleValue).average().orElse(0));
        }
        if (set.injection() != null) {
            answers.put("injection_rate", InjectionMetric.rate(injections));
            answers.put("injection_answers", (double) injections.size());
        }
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("server", o.server());
        config.put("settings", o.configProperties());
        config.put("documents", files.size());
        return new Report(
                o.dataset().getFileName().toString(), null, config, new TreeMap<>(metrics.means()), answers, rows);
    }

    private static List<Path> files(Path dir) {
        try (var stream = Files.list(dir)) {
            return stream.filter(Files::isRegularFile).sorted().toList();
        } catch (IOException e) {
            throw new EvalException("cannot list golden-set documents in " + dir);
        }
    }

    private static String readQuietly(Path file) {
        try {
            return java.util.HexFormat.of().formatHex(Files.readAllBytes(file));
        } catch (IOException e) {
            throw new EvalException("cannot read " + file);
        }
    }
}
