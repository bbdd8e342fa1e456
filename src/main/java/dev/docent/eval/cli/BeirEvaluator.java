package dev.docent.eval.cli;

import dev.docent.eval.dataset.BeirDataset;
import dev.docent.eval.metrics.Rankings;
import dev.docent.eval.metrics.RetrievalEvaluator;
import dev.docent.eval.metrics.RetrievalReport;
import dev.docent.eval.metrics.ScoredId;
import dev.docent.eval.metrics.TrecRunWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * BEIR retrieval evaluation: uploads the corpus (or a seeded subset: the selected queries' relevant documents
 * plus seeded distractors), searches every query, scores documents by their best chunk.
 */
final class BeirEvaluator implements DatasetEvaluator {

    @Override
    public Report evaluate(DocentClient client, EvalOptions o, EvalCollections collections) {
        String split = o.split() != null ? checkedSplit(o.dataset(), o.split()) : defaultSplit(o.dataset());
        BeirDataset data = BeirDataset.load(o.dataset(), split);
        data.warnings().forEach(w -> System.err.println("docent eval: warning: " + w));
        if (data.corpus().isEmpty()) {
            throw new EvalException(o.dataset().resolve("corpus.jsonl") + " holds no document: nothing to search");
        }
        List<String> queryIds = Corpus.sample(new ArrayList<>(data.queries().keySet()), o.maxQueries(), o.seed());
        long evaluable = queryIds.stream()
                .filter(q -> data.qrels().get(q).values().stream().anyMatch(rel -> rel > 0))
                .count();
        if (evaluable == 0) {
            throw new EvalException("no query to evaluate in " + o.dataset() + ": "
                    + data.queries().size()
                    + " query id(s) of queries.jsonl appear in qrels/" + split + ".tsv"
                    + (data.queries().isEmpty()
                            ? " (query ids must match exactly, case included)"
                            : ", none of the selected ones with a relevance score above 0"));
        }
        List<String> docIds = corpusFor(data, queryIds, o);
        String name = Corpus.collectionName(
                o.corpusLabel(o.dataset().getFileName().toString()), docIds, id -> text(data, id));
        String collection = collections.open(name);
        System.err.printf(
                "collection %s: %d documents, %d queries%n",
                collections.names().getLast(), docIds.size(), queryIds.size());
        Map<String, String> serverToDataset = Corpus.upload(client, collection, docIds, id -> text(data, id));

        Map<String, List<ScoredId>> run = new TreeMap<>();
        Map<String, List<String>> rankings = new TreeMap<>();
        for (String qid : queryIds) {
            List<ScoredId> chunks = new ArrayList<>();
            for (DocentClient.Hit hit :
                    client.search(collection, data.queries().get(qid).text(), o.topK())) {
                String docId = serverToDataset.get(hit.documentId());
                if (docId != null) {
                    chunks.add(new ScoredId(docId, hit.score()));
                }
            }
            List<ScoredId> docs = Rankings.docRankingFromChunks(chunks);
            run.put(qid, docs);
            rankings.put(qid, docs.stream().map(ScoredId::docId).toList());
        }
        Map<String, Map<String, Integer>> qrels = new TreeMap<>();
        queryIds.forEach(q -> qrels.put(q, data.qrels().get(q)));
        RetrievalReport metrics = RetrievalEvaluator.evaluate(rankings, qrels);
        writeRun(o.out(), run);

        List<Report.QueryRow> rows = new ArrayList<>();
        metrics.perQuery()
                .forEach((qid, values) -> rows.add(new Report.QueryRow(
                        qid,
                        data.queries().get(qid).text(),
                        values.get("ndcg@10"),
                        "ndcg@10",
                        rankings.get(qid),
                        List.copyOf(qrels.get(qid).keySet()))));
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("server", o.server());
        config.put("settings", o.configProperties());
        config.put("top_k_chunks", o.topK());
        config.put("max_queries", o.maxQueries());
        config.put("distractors", o.distractors());
        config.put("seed", o.seed());
        config.put("corpus_documents", docIds.size());
        return new Report(
                o.dataset().getFileName().toString(), split, config, new TreeMap<>(metrics.means()), Map.of(), rows);
    }

    /** The BEIR files themselves (not whatever else the folder holds, such as an --out folder inside it). */
    @Override
    public List<Path> inputs(Path dataset) {
        return java.util.stream.Stream.of("corpus.jsonl", "queries.jsonl", "qrels")
                .map(dataset::resolve)
                .filter(Files::exists)
                .toList();
    }

    private static List<String> corpusFor(BeirDataset data, List<String> queryIds, EvalOptions o) {
        List<String> all = new ArrayList<>(data.corpus().keySet());
        if (o.maxQueries() <= 0) {
            return Corpus.sample(all, 0, o.seed());
        }
        Set<String> chosen = new LinkedHashSet<>();
        for (String q : queryIds) {
            data.qrels().get(q).keySet().stream()
                    .filter(data.corpus()::containsKey)
                    .forEach(chosen::add);
        }
        List<String> others = new ArrayList<>(all);
        others.removeAll(chosen);
        chosen.addAll(Corpus.sample(others, Math.min(o.distractors(), others.size()), o.seed()));
        return Corpus.sample(new ArrayList<>(chosen), 0, o.seed());
    }

    private static String text(BeirDataset data, String id) {
        BeirDataset.Document d = data.corpus().get(id);
        return d.title() == null || d.title().isBlank() ? d.text() : d.title() + "\n\n" + d.text();
    }

    static String defaultSplit(Path dir) {
        if (Files.isRegularFile(dir.resolve("qrels/test.tsv"))) {
            return "test";
        }
        List<String> splits = splits(dir);
        if (splits.size() == 1) {
            return splits.get(0);
        }
        if (splits.isEmpty()) {
            throw new EvalException("no qrels in " + dir.resolve("qrels") + ": expected qrels/<split>.tsv");
        }
        throw new EvalException(
                "several qrels splits in " + dir + " (" + String.join(", ", splits) + "): choose one with --split");
    }

    /** The split asked for, when its qrels file exists. */
    static String checkedSplit(Path dir, String split) {
        Path file = dir.resolve("qrels").resolve(split + ".tsv");
        if (!Files.isRegularFile(file)) {
            List<String> splits = Files.isDirectory(dir.resolve("qrels")) ? splits(dir) : List.of();
            throw new EvalException("no qrels for --split " + split + ": no such file or directory: " + file
                    + (splits.isEmpty() ? "" : " (splits: " + String.join(", ", splits) + ")"));
        }
        return split;
    }

    private static List<String> splits(Path dir) {
        Path qrels = dir.resolve("qrels");
        if (!Files.isDirectory(qrels)) {
            throw new EvalException("no such file or directory: " + qrels + " (a BEIR folder holds qrels/<split>.tsv)");
        }
        try (var files = Files.list(qrels)) {
            return files.map(f -> f.getFileName().toString())
                    .filter(f -> f.endsWith(".tsv"))
                    .map(f -> f.substring(0, f.length() - 4))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new EvalException("cannot list " + qrels + ": " + e.getMessage());
        }
    }

    private static void writeRun(Path out, Map<String, List<ScoredId>> run) {
        try {
            Files.createDirectories(out);
        } catch (IOException e) {
            throw new EvalException("cannot create " + out + ": " + e.getMessage());
        }
        TrecRunWriter.write(out.resolve("run.trec"), run, "docent");
    }
}
