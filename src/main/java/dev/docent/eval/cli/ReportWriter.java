package dev.docent.eval.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Writes report.json (machine), report.md (CI logs) and report.html (self-contained, inline SVG charts). */
final class ReportWriter {
    private static final int[] CURVE_KS = {1, 3, 5, 10, 100};

    static void write(Report report, Path dir) {
        try {
            Files.createDirectories(dir);
            Files.writeString(dir.resolve("report.json"), json(report));
            Files.writeString(dir.resolve("report.md"), markdown(report));
            Files.writeString(dir.resolve("report.html"), html(report));
        } catch (IOException e) {
            throw new EvalException("cannot write report to " + dir + ": " + e.getMessage());
        }
    }

    static String json(Report r) throws IOException {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("dataset", r.dataset());
        root.put("split", r.split());
        root.putAll(r.provenance());
        root.put("config", r.config());
        if (!r.retrieval().isEmpty()) {
            root.put("retrieval", r.retrieval());
            root.put("document_scoring", "document score = max score of its chunks; ties by first appearance");
        }
        if (!r.answers().isEmpty()) {
            root.put("answers", r.answers());
        }
        root.put("queries", r.queries().size());
        return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(root);
    }

    static String markdown(Report r) {
        StringBuilder md = new StringBuilder("# Docent eval: ")
                .append(r.dataset())
                .append(r.split() == null ? "" : " (" + r.split() + ")")
                .append("\n\n");
        provenanceLines(r).forEach(line -> md.append("- ").append(line).append('\n'));
        md.append(r.provenance().isEmpty() ? "" : "\n")
                .append(r.queries().size())
                .append(" queries\n\n| metric | value |\n|---|---|\n");
        r.flat()
                .forEach((k, v) -> md.append("| ")
                        .append(k)
                        .append(" | ")
                        .append(String.format("%.4f", v))
                        .append(" |\n"));
        List<Report.QueryRow> worst = worst(r, 10);
        if (!worst.isEmpty()) {
            boolean mixed = mixedScores(worst);
            md.append("\n## Worst queries\n\n| query | ")
                    .append(mixed ? "score" : worst.get(0).scoreName())
                    .append(" |\n|---|---|\n");
            worst.forEach(q -> md.append("| ")
                    .append(q.id())
                    .append(": ")
                    .append(escapeMd(abbreviate(q.text(), 80)))
                    .append(" | ")
                    .append(scoreCell(q, mixed))
                    .append(" |\n"));
        }
        return md.toString();
    }

    static String html(Report r) {
        StringBuilder h = new StringBuilder();
        h.append("<!doctype html><html><head><meta charset=\"utf-8\"><title>Docent eval: ")
                .append(esc(r.dataset()))
                .append("</title><style>body{font-family:sans-serif;margin:2em;max-width:1100px}"
                        + "table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:4px 8px;text-align:left;"
                        + "vertical-align:top}.charts{display:flex;gap:2em;flex-wrap:wrap}small{color:#666}</style>"
                        + "</head><body><h1>Docent eval: ")
                .append(esc(r.dataset()))
                .append(r.split() == null ? "" : " <small>(" + esc(r.split()) + ")</small>")
                .append("</h1><p>")
                .append(r.queries().size())
                .append(" queries. Config: <code>")
                .append(esc(String.valueOf(r.config())))
                .append("</code></p>");
        List<String> provenance = provenanceLines(r);
        if (!provenance.isEmpty()) {
            h.append("<ul>");
            provenance.forEach(line -> h.append("<li>").append(esc(line)).append("</li>"));
            h.append("</ul>");
        }
        h.append("<h2>Metrics</h2><table><tr><th>metric</th><th>value</th></tr>");
        r.flat()
                .forEach((k, v) -> h.append("<tr><td>")
                        .append(esc(k))
                        .append("</td><td>")
                        .append(String.format("%.4f", v))
                        .append("</td></tr>"));
        h.append("</table><div class=\"charts\">");
        if (!r.retrieval().isEmpty()) {
            h.append("<div><h2>Recall@k</h2>")
                    .append(recallCurve(r.retrieval()))
                    .append("</div>");
        }
        if (!r.queries().isEmpty()) {
            h.append("<div><h2>Score distribution</h2>")
                    .append(histogram(r.queries()))
                    .append("<br><small>per-query ")
                    .append(esc(r.queries().get(0).scoreName()))
                    .append("</small></div>");
        }
        h.append("</div>");
        List<Report.QueryRow> worst = worst(r, 25);
        if (!worst.isEmpty()) {
            boolean mixed = mixedScores(worst);
            h.append("<h2>Worst queries</h2><table><tr><th>query</th><th>")
                    .append(esc(mixed ? "score" : worst.get(0).scoreName()))
                    .append("</th><th>retrieved (top 5)</th><th>relevant</th></tr>");
            for (Report.QueryRow q : worst) {
                h.append("<tr><td><b>")
                        .append(esc(q.id()))
                        .append("</b> ")
                        .append(esc(q.text()))
                        .append("</td><td>")
                        .append(esc(scoreCell(q, mixed)))
                        .append("</td><td>")
                        .append(esc(String.join(
                                ", ",
                                q.retrieved()
                                        .subList(0, Math.min(5, q.retrieved().size())))))
                        .append("</td><td>")
                        .append(esc(String.join(", ", q.relevant())))
                        .append("</td></tr>");
            }
            h.append("</table>");
        }
        return h.append("</body></html>\n").toString();
    }

    /** The report header's lines on what was measured: when, which dataset bytes, which code, which server. */
    @SuppressWarnings("unchecked")
    static List<String> provenanceLines(Report r) {
        Map<String, Object> p = r.provenance();
        if (p.isEmpty()) {
            return List.of();
        }
        List<String> lines = new java.util.ArrayList<>();
        lines.add("started: " + p.get("started_at"));
        lines.add("dataset: " + p.get("dataset_path") + " (sha256 " + p.get("dataset_sha256") + ")");
        lines.add("commit: " + (p.get("commit") == null ? "unknown" : p.get("commit")));
        Map<String, Object> server = (Map<String, Object>) p.getOrDefault("server", Map.of());
        lines.add("server: " + server.get("url") + ", version " + server.get("version") + ", ingestion "
                + server.get("ingestion") + " (fingerprint " + server.get("ingestion_fingerprint") + ")");
        lines.add("collections: " + p.get("collections") + (Boolean.TRUE.equals(p.get("fresh")) ? " (fresh)" : ""));
        return lines;
    }

    /** Whether the rows carry scores of different kinds (SQuAD: f1 for answerable, abstained for the others). */
    private static boolean mixedScores(List<Report.QueryRow> rows) {
        return rows.stream().map(Report.QueryRow::scoreName).distinct().count() > 1;
    }

    private static String scoreCell(Report.QueryRow q, boolean mixed) {
        return String.format("%.3f", q.score()) + (mixed ? " (" + q.scoreName() + ")" : "");
    }

    private static List<Report.QueryRow> worst(Report r, int n) {
        return r.queries().stream()
                .sorted(Comparator.comparingDouble(Report.QueryRow::score).thenComparing(Report.QueryRow::id))
                .limit(n)
                .toList();
    }

    /** Line chart of recall@k over k in {1,3,5,10,100}, evenly spaced. */
    static String recallCurve(Map<String, Double> retrieval) {
        int w = 420;
        int ht = 260;
        int pad = 40;
        StringBuilder svg = svgOpen(w, ht, pad);
        StringBuilder points = new StringBuilder();
        for (int i = 0; i < CURVE_KS.length; i++) {
            Double v = retrieval.get("recall@" + CURVE_KS[i]);
            if (v == null) {
                continue;
            }
            double x = pad + i * (w - 2.0 * pad) / (CURVE_KS.length - 1);
            double y = ht - pad - v * (ht - 2.0 * pad);
            points.append(String.format("%.1f,%.1f ", x, y));
            svg.append(String.format(
                    "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"4\" fill=\"#2a6fdb\"/><text x=\"%.1f\" y=\"%d\" font-size=\"12\""
                            + " text-anchor=\"middle\">k=%d</text><text x=\"%.1f\" y=\"%.1f\" font-size=\"11\""
                            + " text-anchor=\"middle\">%.2f</text>",
                    x, y, x, ht - pad + 18, CURVE_KS[i], x, y - 8, v));
        }
        svg.append("<polyline fill=\"none\" stroke=\"#2a6fdb\" stroke-width=\"2\" points=\"")
                .append(points)
                .append("\"/>");
        return svg.append("</svg>").toString();
    }

    /** Histogram of per-query scores in ten bins over [0,1]. */
    static String histogram(List<Report.QueryRow> rows) {
        int[] bins = new int[10];
        for (Report.QueryRow q : rows) {
            bins[Math.min(9, Math.max(0, (int) Math.floor(q.score() * 10)))]++;
        }
        int max = java.util.Arrays.stream(bins).max().orElse(1);
        int w = 420;
        int ht = 260;
        int pad = 40;
        StringBuilder svg = svgOpen(w, ht, pad);
        double bw = (w - 2.0 * pad) / 10;
        for (int i = 0; i < 10; i++) {
            double bh = max == 0 ? 0 : bins[i] * (ht - 2.0 * pad) / max;
            double x = pad + i * bw;
            svg.append(String.format(
                    "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"#43a047\"/>"
                            + "<text x=\"%.1f\" y=\"%.1f\" font-size=\"11\" text-anchor=\"middle\">%d</text>"
                            + "<text x=\"%.1f\" y=\"%d\" font-size=\"11\" text-anchor=\"middle\">%.1f</text>",
                    x + 1,
                    ht - pad - bh,
                    bw - 2,
                    bh,
                    x + bw / 2,
                    ht - pad - bh - 4,
                    bins[i],
                    x,
                    ht - pad + 16,
                    i / 10.0));
        }
        return svg.append("</svg>").toString();
    }

    private static StringBuilder svgOpen(int w, int h, int pad) {
        return new StringBuilder(String.format(
                "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\">"
                        + "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#333\"/>"
                        + "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#333\"/>",
                w, h, w, h, pad, h - pad, w - pad, h - pad, pad, pad, pad, h - pad));
    }

    private static String abbreviate(String s, int n) {
        return s.length() <= n ? s : s.substring(0, n - 1) + "…";
    }

    private static String escapeMd(String s) {
        return s.replace("|", "\\|").replace("\n", " ");
    }

    private static String esc(String s) {
        return s == null
                ? ""
                : s.replace("&", "&amp;")
                        .replace("<", "&lt;")
                        .replace(">", "&gt;")
                        .replace("\"", "&quot;");
    }
}
