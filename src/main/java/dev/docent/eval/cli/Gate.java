package dev.docent.eval.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Compares measured metrics with a baseline file:
 * {@code {"metrics": {"retrieval.ndcg@10": {"value": 0.70, "tolerance": 0.02}, ...}}}. A metric fails when it
 * is more than its tolerance below the baseline value; a metric marked {@code "direction": "lower"} (e.g.
 * {@code answers.injection_rate}) fails when it is more than its tolerance above it.
 */
final class Gate {

    /** One gated metric's outcome. */
    record Check(String metric, double baseline, double tolerance, Double measured, boolean lowerIsBetter) {
        Check(String metric, double baseline, double tolerance, Double measured) {
            this(metric, baseline, tolerance, measured, false);
        }

        boolean passed() {
            if (measured == null) {
                return false;
            }
            return lowerIsBetter ? measured <= baseline + tolerance + 1e-12 : measured >= baseline - tolerance - 1e-12;
        }

        String describe() {
            if (measured == null) {
                return String.format("FAIL %s: not measured (baseline %.4f)", metric, baseline);
            }
            return String.format(
                    "%s %s: %.4f vs baseline %.4f (delta %+.4f, tolerance %.4f)",
                    passed() ? "ok  " : "FAIL", metric, measured, baseline, measured - baseline, tolerance);
        }
    }

    static List<Check> check(Path baselineFile, Map<String, Double> measured) {
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(baselineFile.toFile());
        } catch (IOException e) {
            throw new EvalException("cannot read baseline " + baselineFile + ": " + e.getMessage());
        }
        List<Check> checks = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = root.path("metrics").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            checks.add(new Check(
                    e.getKey(),
                    e.getValue().path("value").asDouble(),
                    e.getValue().path("tolerance").asDouble(0.0),
                    measured.get(e.getKey()),
                    "lower".equals(e.getValue().path("direction").asText())));
        }
        if (checks.isEmpty()) {
            throw new EvalException("baseline " + baselineFile + " gates no metric");
        }
        return checks;
    }
}
