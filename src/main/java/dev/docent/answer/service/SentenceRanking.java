package dev.docent.answer.service;

/**
 * How the extractive answerer orders its best sentences by meaning as well as by words (ADR 0025): the {@code depth}
 * best sentences by word coverage are compared with the question in an embedding model, and each loses {@code weight
 * * (best cosine - its cosine)}, so among sentences that cover the question alike the one closest in meaning is
 * quoted first. Sentences below the depth lose as much as the least similar one measured. Only the order changes:
 * the answer's support (whether to abstain) stays the best word coverage, as ADR 0023 calibrated it.
 */
public record SentenceRanking(SentenceSimilarity similarity, double weight, int depth) {

    /** Order by word coverage alone. */
    public static final SentenceRanking NONE = new SentenceRanking(null, 0, 0);

    public SentenceRanking {
        if (Double.isNaN(weight) || weight < 0 || depth < 0) {
            throw new IllegalArgumentException("sentence ranking weight and depth must be >= 0");
        }
        if ((similarity == null) != (weight == 0 || depth == 0)) {
            throw new IllegalArgumentException("a sentence ranking needs a similarity, a weight and a depth, or none");
        }
    }

    boolean enabled() {
        return similarity != null;
    }

    /**
     * The penalty of each of {@code measured} sentences (cosines {@code cosines}) and, as the last element, of every
     * sentence below them; null when the similarity answered nothing usable.
     */
    double[] penalties(double[] cosines, int measured) {
        if (cosines == null || cosines.length != measured || measured == 0) {
            return null;
        }
        double best = Double.NEGATIVE_INFINITY;
        double worst = Double.POSITIVE_INFINITY;
        for (double c : cosines) {
            if (Double.isNaN(c)) {
                return null;
            }
            best = Math.max(best, c);
            worst = Math.min(worst, c);
        }
        double[] out = new double[measured + 1];
        for (int i = 0; i < measured; i++) {
            out[i] = weight * (best - cosines[i]);
        }
        out[measured] = weight * (best - worst);
        return out;
    }
}
