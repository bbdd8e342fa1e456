package dev.docent.ingest.bench;

import dev.docent.ingest.embed.Embedder;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/** Embeds passages the way the ingestion workers call the embedder: slices of 32 from a number of caller threads. */
final class EmbedTiming {
    static final int SLICE = 32;

    private EmbedTiming() {}

    /** Wall-clock seconds to embed {@code texts} as passages from {@code callers} threads. */
    static double seconds(Embedder embedder, List<String> texts, int callers) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(callers);
        try {
            long t0 = System.nanoTime();
            List<Future<?>> futures = new ArrayList<>();
            for (int from = 0; from < texts.size(); from += SLICE) {
                List<String> slice = texts.subList(from, Math.min(texts.size(), from + SLICE));
                futures.add(pool.submit(() -> embedder.embedPassages(slice)));
            }
            for (Future<?> f : futures) {
                f.get();
            }
            return (System.nanoTime() - t0) / 1e9;
        } finally {
            pool.shutdown();
        }
    }
}
