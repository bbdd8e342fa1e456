package dev.docent.answer.embed;

import dev.docent.answer.service.SentenceSimilarity;
import dev.docent.ingest.embed.Embedder;
import dev.docent.shared.cache.TtlCache;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;

/**
 * {@link SentenceSimilarity} in an embedding model: the question embedded as a query, the sentences as passages
 * (queued ahead of ingestion's batches), compared by the dot product of their L2-normalised vectors. Sentence
 * vectors are kept for an hour (at most {@value #CACHED} of them): questions about the same documents meet the same
 * sentences, and each costs several milliseconds of CPU to embed. They hold no more than the chunks they came from
 * and never leave the process.
 */
public final class EmbeddingSentenceSimilarity implements SentenceSimilarity {
    static final int CACHED = 20_000;

    private final Supplier<Embedder> embedder;
    private final TtlCache<String, float[]> vectors = new TtlCache<>(Duration.ofHours(1), CACHED);

    /** {@code embedder} is asked for on each call, so a model is loaded only when first needed. */
    public EmbeddingSentenceSimilarity(Supplier<Embedder> embedder) {
        this.embedder = embedder;
    }

    @Override
    public double[] of(String question, List<String> sentences) {
        Embedder model = embedder.get();
        float[][] found = new float[sentences.size()][];
        List<String> missing = new ArrayList<>();
        for (int i = 0; i < found.length; i++) {
            found[i] = vectors.peek(sentences.get(i));
            if (found[i] == null) {
                missing.add(sentences.get(i));
            }
        }
        // the question's vector is its own search's when that ran on this model a moment ago; else the question and
        // the missing sentences are embedded at once (one inference thread each, if free)
        float[] q = model.recentQuery(question).orElse(null);
        List<float[]> fresh;
        if (q != null || missing.isEmpty()) {
            fresh = missing.isEmpty() ? List.of() : model.embedPassagesPromptly(missing);
            q = q != null ? q : model.embedQuery(question);
        } else {
            CompletableFuture<List<float[]>> sentenceVectors = CompletableFuture.supplyAsync(
                    () -> model.embedPassagesPromptly(missing), Thread::startVirtualThread);
            q = model.embedQuery(question);
            try {
                fresh = sentenceVectors.join();
            } catch (CompletionException e) {
                throw e.getCause() instanceof RuntimeException r ? r : e;
            }
        }
        double[] out = new double[found.length];
        int next = 0;
        for (int i = 0; i < found.length; i++) {
            float[] v = found[i];
            if (v == null) {
                v = fresh.get(next++);
                vectors.put(sentences.get(i), v);
            }
            out[i] = dot(v, q);
        }
        return out;
    }

    private static double dot(float[] a, float[] b) {
        double sum = 0;
        for (int j = 0; j < a.length; j++) {
            sum += a[j] * b[j];
        }
        return sum;
    }
}
