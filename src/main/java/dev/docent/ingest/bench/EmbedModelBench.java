package dev.docent.ingest.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.docent.ingest.chunk.HuggingFaceTokenCounter;
import dev.docent.ingest.embed.Embedder;
import dev.docent.ingest.embed.InProcessEmbeddingModels;
import dev.docent.ingest.embed.LangChain4jEmbedder;
import java.io.BufferedReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Embedding throughput of the in-process models on the same texts, in one process, rounds interleaved so machine
 * load hits both alike: the first N documents of a BEIR corpus (title + abstract, about one 256-token chunk each),
 * batches of 32 on {@code --threads} threads. Prints texts/s per model per round and ends with one JSON line.
 *
 * <p>Usage: {@code java -cp ... dev.docent.ingest.bench.EmbedModelBench [--dataset PATH] [--texts N] [--rounds R]
 * [--threads T]}
 */
public final class EmbedModelBench {
    private static final ObjectMapper JSON = new ObjectMapper();

    private EmbedModelBench() {}

    public static void main(String[] args) throws Exception {
        Map<String, String> opts = IngestBench.options(args);
        Path dataset = Path.of(opts.getOrDefault("dataset", "../shared/datasets/scifact"));
        int n = Integer.parseInt(opts.getOrDefault("texts", "512"));
        int rounds = Integer.parseInt(opts.getOrDefault("rounds", "3"));
        int threads = Integer.parseInt(opts.getOrDefault("threads", "2"));
        List<String> texts = texts(dataset.resolve("corpus.jsonl"), n);
        double tokens;
        try (HuggingFaceTokenCounter counter = new HuggingFaceTokenCounter()) {
            tokens = texts.stream().mapToInt(counter::count).average().orElse(0);
        }
        System.out.printf(
                Locale.ROOT, "%d texts, %.0f tokens each on average, %d threads%n", texts.size(), tokens, threads);
        Map<String, Embedder> models = new LinkedHashMap<>();
        for (String id : List.of(InProcessEmbeddingModels.BGE_SMALL, InProcessEmbeddingModels.MINILM)) {
            Embedder e = new LangChain4jEmbedder(
                    InProcessEmbeddingModels.spec(id).orElseThrow(), InProcessEmbeddingModels.create(id, 0));
            e.embedPassages(texts.subList(0, Math.min(32, texts.size()))); // load and warm up
            models.put(id, e);
        }
        Map<String, List<Double>> rates = new LinkedHashMap<>();
        for (int r = 0; r < rounds; r++) {
            for (var m : models.entrySet()) {
                double rate = rate(m.getValue(), texts, threads);
                rates.computeIfAbsent(m.getKey(), k -> new ArrayList<>()).add(rate);
                System.out.printf(Locale.ROOT, "round %d %-22s %7.1f texts/s%n", r + 1, m.getKey(), rate);
            }
        }
        StringBuilder json = new StringBuilder("{\"texts\":" + texts.size() + ",\"threads\":" + threads
                + String.format(Locale.ROOT, ",\"mean_tokens\":%.1f", tokens));
        rates.forEach((id, list) -> json.append(String.format(
                Locale.ROOT,
                ",\"%s_texts_per_s_median\":%.1f",
                id,
                list.stream().sorted().toList().get(list.size() / 2))));
        System.out.println(json.append('}'));
    }

    private static double rate(Embedder embedder, List<String> texts, int threads) throws Exception {
        return texts.size() / EmbedTiming.seconds(embedder, texts, threads);
    }

    private static List<String> texts(Path jsonl, int n) throws Exception {
        List<String> out = new ArrayList<>();
        try (BufferedReader in = Files.newBufferedReader(jsonl, StandardCharsets.UTF_8)) {
            for (String line; (line = in.readLine()) != null && out.size() < n; ) {
                if (!line.isBlank()) {
                    JsonNode node = JSON.readTree(line);
                    out.add(node.path("title").asText("") + "\n"
                            + node.path("text").asText(""));
                }
            }
        }
        return out;
    }
}
