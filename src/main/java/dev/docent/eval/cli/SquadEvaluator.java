package dev.docent.eval.cli;

import dev.docent.eval.dataset.SquadDataset;
import dev.docent.eval.metrics.AnswerMetrics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * SQuAD 2.0 answer evaluation: paragraphs become documents, every (sampled) question is asked. Measures EM and
 * token F1 (official normalisation, [n] markers removed) on answerable questions, citation precision and
 * recall against the gold paragraph, abstention precision/recall on unanswerable ones, and latency. EM and F1 are
 * measured twice: on the answer text ({@code em}, {@code f1}: the quoted sentences) and on the short answer when the
 * response has one, else the answer text ({@code short_em}, {@code short_f1}), which is what SQuAD's gold spans are.
 */
final class SquadEvaluator implements DatasetEvaluator {

    @Override
    public Report evaluate(DocentClient client, EvalOptions o, EvalCollections collections) {
        Path file = squadFile(o.dataset());
        SquadDataset data = SquadDataset.load(file);
        if (data.documents().isEmpty() || data.questions().isEmpty()) {
            throw new EvalException(
                    file + ": nothing to evaluate: " + data.documents().size() + " paragraph(s), "
                            + data.questions().size() + " question(s)");
        }
        Map<String, SquadDataset.Question> byId = new HashMap<>();
        data.questions().forEach(q -> byId.put(q.id(), q));
        List<String> questionIds = Corpus.sample(new ArrayList<>(byId.keySet()), o.maxQueries(), o.seed());
        Map<String, String> texts = new TreeMap<>();
        data.documents().forEach(p -> texts.put(p.id(), p.context()));
        List<String> docIds = new ArrayList<>(texts.keySet());
        String name = Corpus.collectionName(o.corpusLabel(file.getFileName().toString()), docIds, texts::get);
        String collection = collections.open(name);
        Map<String, String> serverToDataset = Corpus.upload(client, collection, docIds, texts::get);

        List<Double> em = new ArrayList<>();
        List<Double> f1 = new ArrayList<>();
        List<Double> shortEm = new ArrayList<>();
        List<Double> shortF1 = new ArrayList<>();
        List<Double> latency = new ArrayList<>();
        List<Boolean> abstained = new ArrayList<>();
        List<Boolean> unanswerable = new ArrayList<>();
        int citations = 0;
        int correctCitations = 0;
        int answerable = 0;
        int answerableCited = 0;
        List<Report.QueryRow> rows = new ArrayList<>();
        for (String qid : questionIds) {
            SquadDataset.Question q = byId.get(qid);
            long start = System.nanoTime();
            DocentClient.AnswerResult a = client.answer(collection, q.question(), 5);
            latency.add((System.nanoTime() - start) / 1e6);
            abstained.add(!a.grounded());
            unanswerable.add(q.impossible());
            List<String> cited =
                    a.documentIds().stream().map(serverToDataset::get).toList();
            if (q.impossible()) {
                rows.add(row(q, a.grounded() ? 0 : 1, "abstained", cited));
                continue;
            }
            answerable++;
            String prediction = a.grounded() ? stripMarkers(a.answer()) : "";
            em.add(AnswerMetrics.exactMatch(prediction, q.goldAnswers()));
            double questionF1 = AnswerMetrics.f1(prediction, q.goldAnswers());
            f1.add(questionF1);
            String concise = a.grounded() && a.shortAnswer() != null ? a.shortAnswer() : prediction;
            shortEm.add(AnswerMetrics.exactMatch(concise, q.goldAnswers()));
            shortF1.add(AnswerMetrics.f1(concise, q.goldAnswers()));
            citations += cited.size();
            correctCitations +=
                    (int) cited.stream().filter(q.documentId()::equals).count();
            if (cited.contains(q.documentId())) {
                answerableCited++;
            }
            rows.add(row(q, questionF1, "f1", cited));
        }
        Map<String, Double> answers = new TreeMap<>();
        answers.put("em", mean(em));
        answers.put("f1", mean(f1));
        answers.put("short_em", mean(shortEm));
        answers.put("short_f1", mean(shortF1));
        answers.put("citation_precision", citations == 0 ? 0 : (double) correctCitations / citations);
        answers.put("citation_recall", answerable == 0 ? 0 : (double) answerableCited / answerable);
        answers.put("abstain_precision", AnswerMetrics.abstentionPrecision(abstained, unanswerable));
        answers.put("abstain_recall", AnswerMetrics.abstentionRecall(abstained, unanswerable));
        answers.put("latency_p50_ms", Corpus.percentile(latency, 0.50));
        answers.put("latency_p95_ms", Corpus.percentile(latency, 0.95));
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("server", o.server());
        config.put("settings", o.configProperties());
        config.put("max_queries", o.maxQueries());
        config.put("seed", o.seed());
        config.put("documents", docIds.size());
        config.put("citation_precision", "share of citations pointing at the question's gold paragraph");
        return new Report(file.getFileName().toString(), null, config, Map.of(), answers, rows);
    }

    private static Report.QueryRow row(SquadDataset.Question q, double score, String name, List<String> cited) {
        List<String> relevant = q.impossible() ? List.of() : List.of(q.documentId());
        return new Report.QueryRow(q.id(), q.question(), score, name, cited, relevant);
    }

    static String stripMarkers(String answer) {
        return answer.replaceAll("\\s*\\[\\d+]", "").strip();
    }

    private static double mean(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).average().orElse(0);
    }

    private static Path squadFile(Path dataset) {
        if (Files.isRegularFile(dataset)) {
            return dataset;
        }
        try (var files = Files.list(dataset)) {
            return files.filter(f -> f.toString().endsWith(".json"))
                    .sorted()
                    .findFirst()
                    .orElseThrow(() -> new EvalException("no .json file in " + dataset));
        } catch (java.io.IOException e) {
            throw new EvalException("cannot list " + dataset + ": " + EvalMain.message(e));
        }
    }
}
