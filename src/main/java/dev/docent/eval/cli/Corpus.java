package dev.docent.eval.cli;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;

/** Helpers shared by the dataset evaluators: seeded subsets and cached corpus upload. */
final class Corpus {
    private Corpus() {}

    /** A seeded random subset of {@code n} items (all when n <= 0 or n >= size), in a stable order. */
    static <T extends Comparable<T>> List<T> sample(List<T> items, int n, long seed) {
        List<T> sorted = new ArrayList<>(items);
        Collections.sort(sorted);
        if (n <= 0 || n >= sorted.size()) {
            return sorted;
        }
        Collections.shuffle(sorted, new Random(seed));
        List<T> subset = new ArrayList<>(sorted.subList(0, n));
        Collections.sort(subset);
        return subset;
    }

    /**
     * The collection name for a corpus: a content hash of the dataset's documents, so a re-run on the same
     * corpus reuses the collection and the server skips identical documents (no re-embedding).
     */
    static String collectionName(String dataset, List<String> docIds, Function<String, String> textOf) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            for (String id : docIds) {
                digest.update(id.getBytes(StandardCharsets.UTF_8));
                digest.update((byte) 0);
                digest.update(textOf.apply(id).getBytes(StandardCharsets.UTF_8));
                digest.update((byte) 0);
            }
            String slug = dataset.replaceAll("[^A-Za-z0-9._-]", "-");
            if (slug.length() > 50) { // collection names hold at most 100 characters; keep a -cfg suffix whole
                slug = slug.substring(0, 37) + slug.substring(slug.length() - 13);
            }
            return "eval-" + slug + "-"
                    + HexFormat.of().formatHex(digest.digest()).substring(0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Uploads the documents the collection does not already hold with the same bytes (two in flight, so parsing
     * overlaps embedding); returns server id to dataset id. A re-run on a reused collection sends nothing but one
     * listing, instead of every document again through the write rate limit (the server would skip them anyway).
     */
    static Map<String, String> upload(
            DocentClient client, String collectionId, List<String> docIds, Function<String, String> textOf) {
        Map<String, DocentClient.Stored> stored = client.documents(collectionId);
        Map<String, String> serverToDataset = new HashMap<>();
        List<String> toSend = new ArrayList<>();
        for (String id : docIds) {
            DocentClient.Stored s = stored.get(id);
            if (s != null && "succeeded".equals(s.status()) && s.contentSha256().equals(sha256(textOf.apply(id)))) {
                serverToDataset.put(s.id(), id);
            } else {
                toSend.add(id);
            }
        }
        if (!docIds.isEmpty()) {
            System.err.printf(
                    "%d/%d documents already in the collection with the same bytes; uploading %d%n",
                    serverToDataset.size(), docIds.size(), toSend.size());
        }
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<String>> futures = new ArrayList<>();
            for (String id : toSend) {
                futures.add(pool.submit(() -> client.uploadText(collectionId, id, textOf.apply(id))));
            }
            long started = System.nanoTime();
            for (int i = 0; i < futures.size(); i++) {
                serverToDataset.put(futures.get(i).get(), toSend.get(i));
                if ((i + 1) % 500 == 0) {
                    System.err.printf(
                            "uploaded %d/%d documents (%.0f s)%n",
                            i + 1, toSend.size(), (System.nanoTime() - started) / 1e9);
                }
            }
            return serverToDataset;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EvalException("interrupted");
        } catch (java.util.concurrent.ExecutionException e) {
            throw e.getCause() instanceof EvalException ee
                    ? ee
                    : new EvalException(e.getCause().getMessage());
        } finally {
            pool.shutdownNow();
        }
    }

    /** Hex sha-256 of the UTF-8 bytes {@link DocentClient#uploadText} sends, as the server records it. */
    static String sha256(String text) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static double percentile(List<Double> values, double p) {
        if (values.isEmpty()) {
            return 0;
        }
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int index = (int) Math.ceil(p * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
    }
}
