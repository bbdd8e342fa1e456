package dev.docent.eval.dataset;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * A BEIR-layout dataset: {@code corpus.jsonl} ({@code _id,title,text}), {@code queries.jsonl} ({@code _id,text})
 * and {@code qrels/<split>.tsv} ({@code query-id corpus-id score}, tab separated, optional header, CRLF
 * tolerated).
 *
 * <p>Ids are checked as they are read: an empty id, one with whitespace (a TREC run file cannot carry it) or one
 * given twice in {@code corpus.jsonl} or {@code queries.jsonl} is an error naming the file and line.
 *
 * @param corpus doc id to document, in file order
 * @param queries only queries with at least one qrels line in the split, in queries.jsonl order
 * @param qrels query id to (doc id to graded relevance), restricted to the returned queries
 * @param warnings what looks wrong but does not stop a run: qrels naming queries or documents the files lack
 */
public record BeirDataset(
        Map<String, Document> corpus,
        Map<String, Query> queries,
        Map<String, Map<String, Integer>> qrels,
        List<String> warnings) {

    public record Document(String id, String title, String text) {}

    public record Query(String id, String text) {}

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern WHITESPACE = Pattern.compile("\\s");

    public BeirDataset {
        corpus = Collections.unmodifiableMap(corpus);
        queries = Collections.unmodifiableMap(queries);
        qrels = Collections.unmodifiableMap(qrels);
        warnings = List.copyOf(warnings);
    }

    public static BeirDataset load(Path dir, String split) {
        Map<String, Map<String, Integer>> allQrels =
                loadQrels(dir.resolve("qrels").resolve(split + ".tsv"));
        Map<String, Document> corpus = new LinkedHashMap<>();
        Map<String, Integer> corpusLines = new HashMap<>();
        readJsonl(dir.resolve("corpus.jsonl"), (node, line) -> {
            String id = id(node, corpusLines, line);
            corpus.put(id, new Document(id, text(node, "title"), text(node, "text")));
        });
        Map<String, Query> queries = new LinkedHashMap<>();
        Map<String, Integer> queryLines = new HashMap<>();
        readJsonl(dir.resolve("queries.jsonl"), (node, line) -> {
            String id = id(node, queryLines, line);
            if (allQrels.containsKey(id)) {
                queries.put(id, new Query(id, text(node, "text")));
            }
        });
        Map<String, Map<String, Integer>> qrels = new LinkedHashMap<>();
        allQrels.forEach((qid, judged) -> {
            if (queries.containsKey(qid)) {
                qrels.put(qid, Collections.unmodifiableMap(judged));
            }
        });
        Path qrelsFile = dir.resolve("qrels").resolve(split + ".tsv");
        List<String> warnings = new ArrayList<>();
        Set<String> unknownQueries = new TreeSet<>(allQrels.keySet());
        unknownQueries.removeAll(queryLines.keySet());
        if (!unknownQueries.isEmpty()) {
            warnings.add(qrelsFile + ": " + unknownQueries.size() + " query id(s) not in queries.jsonl, not evaluated"
                    + examples(unknownQueries));
        }
        Set<String> unknownDocs = new TreeSet<>();
        qrels.values()
                .forEach(judged -> judged.forEach((doc, rel) -> {
                    if (rel > 0 && !corpus.containsKey(doc)) {
                        unknownDocs.add(doc);
                    }
                }));
        if (!unknownDocs.isEmpty()) {
            warnings.add(qrelsFile + ": " + unknownDocs.size() + " relevant document id(s) not in corpus.jsonl; they"
                    + " count as relevant but can never be retrieved" + examples(unknownDocs));
        }
        return new BeirDataset(corpus, queries, qrels, warnings);
    }

    private static String examples(Set<String> ids) {
        return " (" + String.join(", ", ids.stream().limit(5).toList()) + (ids.size() > 5 ? ", ..." : "") + ")";
    }

    /** The record's {@code _id}: present, without whitespace, not seen before in this file. */
    private static String id(JsonNode node, Map<String, Integer> seen, int line) {
        String id = requiredText(node, "_id");
        if (id.isEmpty() || WHITESPACE.matcher(id).find()) {
            throw new IllegalArgumentException(
                    "_id '" + id + "' is empty or contains whitespace (a TREC run file cannot carry it)");
        }
        Integer first = seen.putIfAbsent(id, line);
        if (first != null) {
            throw new IllegalArgumentException("duplicate _id '" + id + "' (first on line " + first + ")");
        }
        return id;
    }

    /** Reads a BEIR qrels TSV: {@code query-id \t corpus-id \t score}; a non-numeric first row is a header. */
    public static Map<String, Map<String, Integer>> loadQrels(Path file) {
        Map<String, Map<String, Integer>> qrels = new LinkedHashMap<>();
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            int lineNo = 0;
            while ((line = in.readLine()) != null) {
                lineNo++;
                line = stripBom(line).strip();
                if (line.isEmpty()) {
                    continue;
                }
                String[] cols = line.split("\t");
                if (cols.length < 3) {
                    throw new IllegalArgumentException(file + ":" + lineNo + ": expected 3 tab-separated columns");
                }
                int score;
                try {
                    score = Integer.parseInt(cols[cols.length - 1].strip());
                } catch (NumberFormatException e) {
                    if (lineNo == 1) {
                        continue; // header: query-id corpus-id score
                    }
                    throw new IllegalArgumentException(file + ":" + lineNo + ": bad score '" + cols[2] + "'", e);
                }
                qrels.computeIfAbsent(cols[0].strip(), k -> new LinkedHashMap<>())
                        .put(cols[cols.length - 2].strip(), score);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read qrels " + file, e);
        }
        return qrels;
    }

    private static void readJsonl(Path file, java.util.function.ObjIntConsumer<JsonNode> sink) {
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            int lineNo = 0;
            while ((line = in.readLine()) != null) {
                lineNo++;
                line = stripBom(line).strip();
                if (line.isEmpty()) {
                    continue;
                }
                try {
                    sink.accept(JSON.readTree(line), lineNo);
                } catch (IOException | IllegalArgumentException e) {
                    throw new IllegalArgumentException(file + ":" + lineNo + ": " + e.getMessage(), e);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file, e);
        }
    }

    private static String stripBom(String line) {
        return !line.isEmpty() && line.charAt(0) == '\uFEFF' ? line.substring(1) : line;
    }

    private static String requiredText(JsonNode node, String field) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            throw new IllegalArgumentException("missing field " + field);
        }
        return v.asText();
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() ? "" : v.asText();
    }
}
