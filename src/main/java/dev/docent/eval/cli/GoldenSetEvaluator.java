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
 * scores retrieval against the listed relevant documents (by path relative to the documents folder, which is walked
 * recursively) and answers against expected answers. A relevant document that is not in the folder is an error.
 */
final class GoldenSetEvaluator implements DatasetEvaluator {

    @Override
    public Report evaluate(DocentClient client, EvalOptions o, EvalCollections collections) {
        GoldenSet set = GoldenSet.load(o.dataset());
        Map<String, Path> files = documents(o.dataset(), set);
        check(o.dataset(), set, files.keySet());
        String name = Corpus.collectionName(
                o.corpusLabel(o.dataset().getFileName().toString()),
                List.copyOf(files.keySet()),
                f -> readQuietly(files.get(f)));
        String collection = collections.open(name);
        Map<String, String> serverToFile = new HashMap<>();
        files.forEach((relative, file) -> serverToFile.put(client.uploadFile(collection, file, relative), relative));
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
            if (!item.relevantDocuments().isEmpty()) {
                Map<String, Integer> judged = new TreeMap<>();
                item.relevantDocuments().forEach(d -> judged.put(d, 1));
                qrels.put(item.id(), judged);
            }
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
        // Items without relevant_documents are not retrieval queries; with none at all, retrieval is not measured
        // (omitted from the report, so a gate on it fails as "not measured" instead of passing on zeros).
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
        config.put("retrieval_queries", metrics.queryCount());
        Map<String, Double> retrieval = qrels.isEmpty() ? Map.of() : new TreeMap<>(metrics.means());
        return new Report(o.dataset().getFileName().toString(), null, config, retrieval, answers, rows);
    }

    @Override
    public List<Path> inputs(Path dataset) {
        Path dir = GoldenSet.load(dataset).documentsDir();
        return dir != null && Files.isDirectory(dir) ? List.of(dataset, dir) : List.of(dataset);
    }

    /**
     * The documents folder's files, walked recursively, by their path relative to the folder with {@code /}
     * separators (the name {@code relevant_documents} uses and the external id they are uploaded under).
     */
    static Map<String, Path> documents(Path yaml, GoldenSet set) {
        Path dir = set.documentsDir();
        if (dir == null) {
            throw new EvalException(yaml + ": no 'documents:' folder; a golden set names the folder of documents to"
                    + " ingest, relative to the YAML file");
        }
        if (!Files.isDirectory(dir)) {
            throw new EvalException(yaml + ": documents folder: no such file or directory: " + dir);
        }
        Map<String, Path> files = new TreeMap<>();
        try (var stream = Files.walk(dir)) {
            stream.filter(Files::isRegularFile)
                    .forEach(f -> files.put(dir.relativize(f).toString().replace('\\', '/'), f));
        } catch (IOException e) {
            throw new EvalException("cannot list golden-set documents in " + dir + ": " + e.getMessage());
        }
        if (files.isEmpty()) {
            throw new EvalException(yaml + ": the documents folder " + dir + " holds no file");
        }
        return files;
    }

    /** Every relevant document must be a file of the folder; something must be measurable. */
    static void check(Path yaml, GoldenSet set, java.util.Set<String> documents) {
        List<String> unknown = new ArrayList<>();
        for (GoldenSet.Item item : set.items()) {
            for (String d : item.relevantDocuments()) {
                if (!documents.contains(d)) {
                    unknown.add(item.id() + ": " + d);
                }
            }
        }
        if (!unknown.isEmpty()) {
            throw new EvalException(yaml + ": relevant_documents not in the documents folder " + set.documentsDir()
                    + " (paths relative to it, '/'-separated): " + String.join(", ", unknown));
        }
        boolean retrieval =
                set.items().stream().anyMatch(i -> !i.relevantDocuments().isEmpty());
        boolean answers = set.injection() != null
                || set.items().stream()
                        .anyMatch(i -> i.expectedAnswer() != null
                                && !i.expectedAnswer().isBlank());
        if (!retrieval && !answers) {
            throw new EvalException(
                    yaml + ": nothing to evaluate: no item has relevant_documents or an" + " expected_answer");
        }
        if (!retrieval) {
            System.err.println("docent eval: warning: " + yaml + ": no item has relevant_documents; retrieval is"
                    + " not measured (answers only)");
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
