package dev.docent.ingest.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.docent.ingest.chunk.HuggingFaceTokenCounter;
import dev.docent.ingest.chunk.StructureAwareChunker;
import dev.docent.ingest.chunk.TextChunk;
import dev.docent.ingest.embed.onnx.DirectOnnxEmbeddingModel;
import dev.docent.ingest.embed.onnx.Vectors;
import dev.docent.ingest.parse.ParsedDocument;
import dev.docent.ingest.parse.ParserLimits;
import dev.docent.ingest.parse.TikaDocumentParser;
import dev.docent.ingest.service.IngestionPipeline;
import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.bgesmallenv15q.BgeSmallEnV15QuantizedEmbeddingModel;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Embedding throughput of the in-process model, without the service: parses and chunks SciFact documents exactly
 * as the pipeline does (Tika, structure-aware chunker, title and heading path prepended), then embeds the same
 * chunks with LangChain4j's {@code embedAll} and with {@link DirectOnnxEmbeddingModel} at 1 and 2 inference threads.
 * Every path is called the way the ingestion workers call the embedder: batches of 32 from {@code --callers}
 * threads. Prints texts/s, the ratio to LangChain4j, the smallest cosine between the paths' vectors and the
 * process RSS; ends with one JSON line.
 *
 * <p>Usage: {@code ./docent bench embed [--dataset PATH] [--limit DOCS] [--callers N] [--threads 1,2]}
 */
public final class EmbedBench {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int BATCH = 32;

    private EmbedBench() {}

    public static void main(String[] args) throws Exception {
        Map<String, String> opts = IngestBench.options(args);
        Path dataset = Path.of(opts.getOrDefault("dataset", "../shared/datasets/scifact"));
        int limit = Integer.parseInt(opts.getOrDefault("limit", "200"));
        int callers = Integer.parseInt(opts.getOrDefault("callers", "2"));
        List<Integer> threadCounts = new ArrayList<>();
        for (String t : opts.getOrDefault("threads", "1,2").split(",")) {
            threadCounts.add(Integer.parseInt(t.strip()));
        }

        List<String> texts = chunkTexts(dataset.resolve("corpus.jsonl"), limit);
        System.out.printf(
                "embed: %d chunks from %d documents of %s; %d cores; load average %s%n",
                texts.size(), limit, dataset, Runtime.getRuntime().availableProcessors(), loadAverage());

        Map<String, Object> out = new LinkedHashMap<>();
        out.put("chunks", texts.size());
        out.put("cores", Runtime.getRuntime().availableProcessors());
        out.put("load_start", loadAverage());

        long rss0 = rssKb();
        BgeSmallEnV15QuantizedEmbeddingModel lc4j = new BgeSmallEnV15QuantizedEmbeddingModel();
        Run reference = time(lc4j, texts, callers);
        System.out.printf(
                "langchain4j embedAll: %.2f texts/s (%.1f s), RSS +%.0f MB%n",
                reference.perSecond(), reference.seconds(), (rssKb() - rss0) / 1024.0);
        out.put("langchain4j_texts_per_s", IngestBench.round(reference.perSecond()));

        for (int threads : threadCounts) {
            long before = rssKb();
            try (DirectOnnxEmbeddingModel direct = DirectOnnxEmbeddingModel.bgeSmallEnV15Quantized(threads)) {
                Run run = time(direct, texts, callers);
                double ratio = run.perSecond() / reference.perSecond();
                double minCosine = minCosine(reference.vectors(), run.vectors());
                System.out.printf(
                        "direct, %d thread(s): %.2f texts/s (%.1f s), ratio to langchain4j %.3f, min cosine %.9f,"
                                + " RSS +%.0f MB%n",
                        threads, run.perSecond(), run.seconds(), ratio, minCosine, (rssKb() - before) / 1024.0);
                out.put("direct_" + threads + "_texts_per_s", IngestBench.round(run.perSecond()));
                out.put("direct_" + threads + "_ratio", Math.round(ratio * 1000) / 1000.0);
                out.put("direct_" + threads + "_min_cosine", minCosine);
            }
        }
        out.put("load_end", loadAverage());
        out.put("rss_mb", Math.round(rssKb() / 102.4) / 10.0);
        out.put("peak_rss_mb", Math.round(RssSampler.read(Path.of("/proc/self/status"), "VmHWM:") / 102.4) / 10.0);
        System.out.printf(
                "bench JVM RSS %s MB (peak %s MB); load average %s%n",
                out.get("rss_mb"), out.get("peak_rss_mb"), out.get("load_end"));
        System.out.println(JSON.writeValueAsString(out));
        System.exit(0); // LangChain4j's embedding executor threads are not daemons
    }

    private record Run(double seconds, List<float[]> vectors) {
        double perSecond() {
            return vectors.size() / seconds;
        }
    }

    /** Embeds the texts in batches of 32 from {@code callers} threads, after a warm-up. */
    private static Run time(EmbeddingModel model, List<String> texts, int callers) throws Exception {
        model.embedAll(texts.subList(0, Math.min(8, texts.size())).stream()
                .map(TextSegment::from)
                .toList()); // warm-up: sessions created, code paths compiled
        ExecutorService pool = Executors.newFixedThreadPool(callers);
        try {
            List<Future<List<Embedding>>> batches = new ArrayList<>();
            long t0 = System.nanoTime();
            for (int from = 0; from < texts.size(); from += BATCH) {
                List<TextSegment> slice = texts.subList(from, Math.min(texts.size(), from + BATCH)).stream()
                        .map(TextSegment::from)
                        .toList();
                batches.add(pool.submit(() -> model.embedAll(slice).content()));
            }
            List<float[]> vectors = new ArrayList<>(texts.size());
            for (Future<List<Embedding>> f : batches) {
                f.get().forEach(e -> vectors.add(e.vector()));
            }
            return new Run((System.nanoTime() - t0) / 1e9, vectors);
        } finally {
            pool.shutdown();
        }
    }

    private static double minCosine(List<float[]> a, List<float[]> b) {
        double min = 1;
        for (int i = 0; i < a.size(); i++) {
            min = Math.min(min, Vectors.cosine(a.get(i), b.get(i)));
        }
        return min;
    }

    /** The texts the pipeline would embed for the first {@code limit} documents, parsed and chunked as it does. */
    private static List<String> chunkTexts(Path jsonl, int limit) throws Exception {
        TikaDocumentParser parser =
                new TikaDocumentParser(new ParserLimits(52_428_800L, 5_000_000, Duration.ofSeconds(60), 3));
        List<String> texts = new ArrayList<>();
        try (HuggingFaceTokenCounter counter = new HuggingFaceTokenCounter();
                BufferedReader in = Files.newBufferedReader(jsonl, StandardCharsets.UTF_8)) {
            StructureAwareChunker chunker = new StructureAwareChunker(counter, 256, 32);
            int docs = 0;
            for (String line; (line = in.readLine()) != null && docs < limit; ) {
                if (line.isBlank()) {
                    continue;
                }
                JsonNode node = JSON.readTree(line);
                String text = node.path("title").asText("") + "\n\n"
                        + node.path("text").asText("");
                ParsedDocument parsed = parser.parse(
                        new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)),
                        node.path("_id").asText() + ".txt");
                for (TextChunk chunk : chunker.split(parsed)) {
                    texts.add(IngestionPipeline.embeddingText(parsed.title(), chunk));
                }
                docs++;
            }
        }
        return texts;
    }

    private static long rssKb() {
        return RssSampler.read(Path.of("/proc/self/status"), "VmRSS:");
    }

    private static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).split("\\s+");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (Exception e) {
            return "?";
        }
    }
}
