package dev.docent.eval.metrics;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Answer-level metrics following the official SQuAD 2.0 evaluation script ({@code evaluate-v2.0.py}).
 *
 * <p>An empty gold list means the question is unanswerable; as in the official script it is treated as the single
 * gold answer {@code ""}, so only an empty (abstaining) prediction scores 1.
 */
public final class AnswerMetrics {
    private AnswerMetrics() {}

    /** Python's {@code string.punctuation}. */
    private static final String PUNCTUATION = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~";

    private static final Pattern ARTICLES = Pattern.compile("\\b(a|an|the)\\b", Pattern.UNICODE_CHARACTER_CLASS);
    private static final Pattern WHITESPACE = Pattern.compile("\\s+", Pattern.UNICODE_CHARACTER_CLASS);

    /** lower-case, drop ASCII punctuation, drop articles a/an/the, collapse whitespace (official order). */
    public static String normalize(String s) {
        if (s == null) {
            return "";
        }
        String lower = s.toLowerCase(Locale.ROOT);
        StringBuilder noPunc = new StringBuilder(lower.length());
        for (int i = 0; i < lower.length(); i++) {
            char c = lower.charAt(i);
            if (PUNCTUATION.indexOf(c) < 0) {
                noPunc.append(c);
            }
        }
        String noArticles = ARTICLES.matcher(noPunc).replaceAll(" ");
        return String.join(" ", tokens(noArticles));
    }

    private static List<String> tokens(String s) {
        String trimmed = WHITESPACE.matcher(s).replaceAll(" ").strip();
        return trimmed.isEmpty() ? List.of() : List.of(WHITESPACE.split(trimmed));
    }

    private static List<String> normalizedTokens(String s) {
        return tokens(normalize(s));
    }

    private static List<String> goldsOrEmpty(List<String> golds) {
        return golds == null || golds.isEmpty() ? List.of("") : golds;
    }

    /** 1.0 if the normalised prediction equals any normalised gold, else 0.0. */
    public static double exactMatch(String prediction, List<String> golds) {
        String p = normalize(prediction);
        for (String gold : goldsOrEmpty(golds)) {
            if (p.equals(normalize(gold))) {
                return 1.0;
            }
        }
        return 0.0;
    }

    /** Max over golds of the token-level F1 between normalised prediction and gold. */
    public static double f1(String prediction, List<String> golds) {
        List<String> predToks = normalizedTokens(prediction);
        double best = 0.0;
        for (String gold : goldsOrEmpty(golds)) {
            best = Math.max(best, tokenF1(predToks, normalizedTokens(gold)));
        }
        return best;
    }

    private static double tokenF1(List<String> pred, List<String> gold) {
        if (pred.isEmpty() || gold.isEmpty()) {
            return pred.equals(gold) ? 1.0 : 0.0;
        }
        Map<String, Integer> goldCounts = new HashMap<>();
        for (String t : gold) {
            goldCounts.merge(t, 1, Integer::sum);
        }
        int same = 0;
        for (String t : pred) {
            Integer c = goldCounts.get(t);
            if (c != null && c > 0) {
                same++;
                goldCounts.put(t, c - 1);
            }
        }
        if (same == 0) {
            return 0.0;
        }
        double precision = (double) same / pred.size();
        double recall = (double) same / gold.size();
        return 2 * precision * recall / (precision + recall);
    }

    /**
     * Confusion counts for abstention, treating "abstain" as the positive class: {@code tp} = abstained on an
     * unanswerable question, {@code fp} = abstained on an answerable one, {@code fn} = answered an unanswerable
     * one, {@code tn} = answered an answerable one.
     */
    public record AbstentionCounts(int tp, int fp, int fn, int tn) {
        /** Of the abstentions, the fraction that were on unanswerable questions; 0 when nothing abstained. */
        public double precision() {
            return tp + fp == 0 ? 0.0 : (double) tp / (tp + fp);
        }

        /** Of the unanswerable questions, the fraction abstained on; 0 when there were none. */
        public double recall() {
            return tp + fn == 0 ? 0.0 : (double) tp / (tp + fn);
        }

        public double f1() {
            double p = precision();
            double r = recall();
            return p + r == 0.0 ? 0.0 : 2 * p * r / (p + r);
        }
    }

    /** Builds {@link AbstentionCounts} from parallel lists (same question order). */
    public static AbstentionCounts abstention(List<Boolean> predictedAbstain, List<Boolean> goldUnanswerable) {
        if (predictedAbstain.size() != goldUnanswerable.size()) {
            throw new IllegalArgumentException(
                    "lists differ in size: " + predictedAbstain.size() + " vs " + goldUnanswerable.size());
        }
        int tp = 0;
        int fp = 0;
        int fn = 0;
        int tn = 0;
        for (int i = 0; i < predictedAbstain.size(); i++) {
            boolean abstained = predictedAbstain.get(i);
            boolean unanswerable = goldUnanswerable.get(i);
            if (abstained && unanswerable) {
                tp++;
            } else if (abstained) {
                fp++;
            } else if (unanswerable) {
                fn++;
            } else {
                tn++;
            }
        }
        return new AbstentionCounts(tp, fp, fn, tn);
    }

    public static double abstentionPrecision(List<Boolean> predictedAbstain, List<Boolean> goldUnanswerable) {
        return abstention(predictedAbstain, goldUnanswerable).precision();
    }

    public static double abstentionRecall(List<Boolean> predictedAbstain, List<Boolean> goldUnanswerable) {
        return abstention(predictedAbstain, goldUnanswerable).recall();
    }
}
