package dev.docent.eval.metrics;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Converting retrieval output into the document rankings the metrics consume. */
public final class Rankings {
    private Rankings() {}

    /**
     * Collapses a chunk ranking (each entry = the chunk's document id and the chunk's score, in retrieval order)
     * into a document ranking: a document's score is its best chunk score; documents are ordered by that score
     * descending, ties broken by the position of the document's first chunk in the input. NaN scores sort last.
     */
    public static List<ScoredId> docRankingFromChunks(List<ScoredId> chunks) {
        Map<String, Double> best = new LinkedHashMap<>();
        for (ScoredId chunk : chunks) {
            double s = Double.isNaN(chunk.score()) ? Double.NEGATIVE_INFINITY : chunk.score();
            best.merge(chunk.docId(), s, Math::max);
        }
        List<ScoredId> docs = new ArrayList<>(best.size());
        best.forEach((docId, score) -> docs.add(new ScoredId(docId, score)));
        // List.sort is stable, so equal scores keep first-appearance order.
        docs.sort(Comparator.comparingDouble(ScoredId::score).reversed());
        return docs;
    }

    /** Same as {@link #docRankingFromChunks(List)} but returns only the doc ids, in rank order. */
    public static List<String> docIdsFromChunks(List<ScoredId> chunks) {
        return docRankingFromChunks(chunks).stream().map(ScoredId::docId).toList();
    }
}
