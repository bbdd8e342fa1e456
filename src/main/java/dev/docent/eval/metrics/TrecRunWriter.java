package dev.docent.eval.metrics;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Writes TREC run files: one line per retrieved doc, {@code qid Q0 docid rank score runName}, ranks 1-based.
 *
 * <p>trec_eval ignores the rank column and re-sorts by score (ties by docid, descending), so scores should be
 * strictly decreasing within a query when the order matters. {@link #writeRankings} writes synthetic scores
 * ({@code n - rank + 1}) that preserve the given order exactly. Queries are written in the map's iteration order.
 */
public final class TrecRunWriter {
    private static final Pattern WHITESPACE = Pattern.compile("\\s");

    private TrecRunWriter() {}

    /** Formats one run line. */
    public static String line(String queryId, String docId, int rank, double score, String runName) {
        checkToken("query id", queryId);
        checkToken("doc id", docId);
        checkToken("run name", runName);
        if (rank < 1) {
            throw new IllegalArgumentException("rank must be >= 1: " + rank);
        }
        if (!Double.isFinite(score)) {
            throw new IllegalArgumentException("score must be finite: " + score);
        }
        return queryId + " Q0 " + docId + " " + rank + " " + score + " " + runName;
    }

    /** Writes scored rankings, in the given order per query. */
    public static void write(Writer out, Map<String, List<ScoredId>> run, String runName) throws IOException {
        for (Map.Entry<String, List<ScoredId>> q : run.entrySet()) {
            int rank = 1;
            for (ScoredId doc : q.getValue()) {
                out.write(line(q.getKey(), doc.docId(), rank++, doc.score(), runName));
                out.write('\n');
            }
        }
        out.flush();
    }

    /** Writes plain rankings with synthetic, strictly decreasing scores. */
    public static void writeRankings(Writer out, Map<String, List<String>> run, String runName) throws IOException {
        write(out, withSyntheticScores(run), runName);
    }

    /** Writes scored rankings to a file (UTF-8, overwriting). */
    public static void write(Path file, Map<String, List<ScoredId>> run, String runName) {
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            write(out, run, runName);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write run file " + file, e);
        }
    }

    private static Map<String, List<ScoredId>> withSyntheticScores(Map<String, List<String>> run) {
        Map<String, List<ScoredId>> scored = new java.util.LinkedHashMap<>();
        run.forEach((qid, docs) -> {
            List<ScoredId> list = new ArrayList<>(docs.size());
            for (int i = 0; i < docs.size(); i++) {
                list.add(new ScoredId(docs.get(i), docs.size() - i));
            }
            scored.put(qid, list);
        });
        return scored;
    }

    private static void checkToken(String what, String value) {
        if (value == null || value.isEmpty() || WHITESPACE.matcher(value).find()) {
            throw new IllegalArgumentException(what + " must be non-empty without whitespace: '" + value + "'");
        }
    }
}
