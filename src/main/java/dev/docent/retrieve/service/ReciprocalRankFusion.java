package dev.docent.retrieve.service;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reciprocal rank fusion (Cormack et al. 2009): {@code score(d) = sum_r weight_r / (k + rank_r(d))} over the lists
 * that contain {@code d}. Ties break on chunk id so results are deterministic.
 */
public final class ReciprocalRankFusion {
    private final int k;
    private final double vectorWeight;
    private final double keywordWeight;

    public ReciprocalRankFusion(int k, double vectorWeight, double keywordWeight) {
        if (k < 0) {
            throw new IllegalArgumentException("k must be >= 0");
        }
        this.k = k;
        this.vectorWeight = vectorWeight;
        this.keywordWeight = keywordWeight;
    }

    /** Fuses the two ranked lists (best first) into candidates ordered by fused score. */
    public List<Candidate> fuse(List<RetrievedChunk> vector, List<RetrievedChunk> keyword) {
        Map<Long, Candidate> byId = new LinkedHashMap<>();
        for (int i = 0; i < vector.size(); i++) {
            RetrievedChunk c = vector.get(i);
            byId.putIfAbsent(c.chunkId(), new Candidate(c, c.score(), null, i + 1, 0, vectorWeight / (k + i + 1.0)));
        }
        for (int i = 0; i < keyword.size(); i++) {
            RetrievedChunk c = keyword.get(i);
            double s = keywordWeight / (k + i + 1.0);
            Candidate seen = byId.get(c.chunkId());
            byId.put(
                    c.chunkId(),
                    seen == null
                            ? new Candidate(c, null, c.score(), 0, i + 1, s)
                            : new Candidate(
                                    seen.chunk(),
                                    seen.vectorScore(),
                                    c.score(),
                                    seen.vectorRank(),
                                    i + 1,
                                    seen.score() + s));
        }
        List<Candidate> fused = new ArrayList<>(byId.values());
        fused.sort(BEST_FIRST);
        return fused;
    }

    /** Single-list candidates (vector or keyword mode) keep the list's own score. */
    public static List<Candidate> single(List<RetrievedChunk> list, boolean vector) {
        List<Candidate> out = new ArrayList<>(list.size());
        for (int i = 0; i < list.size(); i++) {
            RetrievedChunk c = list.get(i);
            out.add(
                    vector
                            ? new Candidate(c, c.score(), null, i + 1, 0, c.score())
                            : new Candidate(c, null, c.score(), 0, i + 1, c.score()));
        }
        return out;
    }

    /** Higher score first, then lower chunk id. */
    public static final Comparator<Candidate> BEST_FIRST = Comparator.comparingDouble(Candidate::score)
            .reversed()
            .thenComparingLong(c -> c.chunk().chunkId());
}
