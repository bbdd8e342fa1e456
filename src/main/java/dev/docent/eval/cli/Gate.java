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
 *
 * <p>The file is validated strictly, before the run ({@link #load}): every entry must be an object with a finite
 * numeric {@code value}; {@code tolerance} is optional (0) but finite and not negative; {@code direction} is
 * {@code higher} (the default) or {@code lower}. Anything else is an error naming the metric and the file, never
 * a silent 0 that would let the gate pass.
 */
final class Gate {

    /** One gated metric as the baseline states it. */
    record Threshold(String metric, double value, double tolerance, boolean lowerIsBetter) {}

    /** A validated baseline file. */
    record Baseline(Path file, List<Threshold> thresholds) {}

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

    private Gate() {}

    /** Reads and validates a baseline file; an {@link EvalException} names the file and the faulty metric. */
    static Baseline load(Path baselineFile) {
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(baselineFile.toFile());
        } catch (IOException e) {
            throw new EvalException("cannot read baseline " + baselineFile + ": " + e.getMessage());
        }
        if (root == null || !root.isObject() || !root.path("metrics").isObject()) {
            throw new EvalException("baseline " + baselineFile + " must be a JSON object with a \"metrics\" object");
        }
        List<Threshold> thresholds = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = root.path("metrics").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            thresholds.add(threshold(baselineFile, e.getKey(), e.getValue()));
        }
        if (thresholds.isEmpty()) {
            throw new EvalException("baseline " + baselineFile + " gates no metric");
        }
        return new Baseline(baselineFile, List.copyOf(thresholds));
    }

    private static Threshold threshold(Path file, String metric, JsonNode entry) {
        String where = "baseline " + file + ", metric " + metric + ": ";
        if (!entry.isObject()) {
            throw new EvalException(
                    where + "expected an object like {\"value\": 0.7, \"tolerance\": 0.02}, not " + entry);
        }
        JsonNode value = entry.get("value");
        if (value == null || !value.isNumber() || !Double.isFinite(value.asDouble())) {
            throw new EvalException(where + "\"value\" must be a finite number, not " + value);
        }
        JsonNode tolerance = entry.get("tolerance");
        double tol = 0.0;
        if (tolerance != null) {
            if (!tolerance.isNumber() || !Double.isFinite(tolerance.asDouble()) || tolerance.asDouble() < 0) {
                throw new EvalException(where + "\"tolerance\" must be a finite number >= 0, not " + tolerance);
            }
            tol = tolerance.asDouble();
        }
        JsonNode direction = entry.get("direction");
        boolean lower = false;
        if (direction != null) {
            String d = direction.isTextual() ? direction.asText() : null;
            if (!"higher".equals(d) && !"lower".equals(d)) {
                throw new EvalException(where + "\"direction\" must be \"higher\" or \"lower\", not " + direction);
            }
            lower = "lower".equals(d);
        }
        return new Threshold(metric, value.asDouble(), tol, lower);
    }

    static List<Check> check(Baseline baseline, Map<String, Double> measured) {
        return baseline.thresholds().stream()
                .map(t -> new Check(t.metric(), t.value(), t.tolerance(), measured.get(t.metric()), t.lowerIsBetter()))
                .toList();
    }

    static List<Check> check(Path baselineFile, Map<String, Double> measured) {
        return check(load(baselineFile), measured);
    }
}
