package dev.docent.ingest.service;

import dev.docent.ingest.chunk.Chunker;
import dev.docent.ingest.chunk.TextChunk;
import dev.docent.ingest.config.IngestConfig;
import dev.docent.ingest.embed.Embedder;
import dev.docent.ingest.parse.DocumentParser;
import dev.docent.ingest.parse.ParsedDocument;
import dev.docent.shared.error.DocentException;
import dev.docent.shared.error.ErrorCode;
import dev.docent.shared.telemetry.Spans;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The named pipeline parse -> split -> embed. It touches no database: its result is stored in one
 * transaction by {@link DocumentStore}, so a failure here never changes what is stored.
 */
@ApplicationScoped
public class IngestionPipeline {
    private final DocumentParser parser;
    private final Chunker chunker;
    private final Embedder embedder;
    private final int embedBatch;
    private final MeterRegistry registry;
    private final Spans spans;
    private final Counter embeddedChunks;

    IngestionPipeline(
            DocumentParser parser,
            Chunker chunker,
            Embedder embedder,
            IngestConfig config,
            MeterRegistry registry,
            Spans spans) {
        this.spans = spans;
        this.parser = parser;
        this.chunker = chunker;
        this.embedder = embedder;
        this.embedBatch = Math.max(1, config.queue().embedBatch());
        this.registry = registry;
        this.embeddedChunks = Counter.builder("docent.ingest.embedded.chunks")
                .description("Chunks embedded by the ingestion pipeline (rate = embedding throughput)")
                .register(registry);
    }

    /** Output of the pipeline for one document version. */
    public record Result(
            ParsedDocument document, List<TextChunk> chunks, List<float[]> embeddings, String embeddingModel) {}

    /** Receives the stage a document is in; may throw to abandon the document (e.g. its lease was lost). */
    public interface Progress {
        Progress NONE = (stage, total, done) -> {};

        /**
         * @param stage {@code parsing}, {@code chunking}, {@code embedding} or {@code indexing}
         * @param chunksTotal chunks of the document once known, else {@code null}
         * @param chunksDone chunks embedded so far
         */
        void stage(String stage, Integer chunksTotal, int chunksDone);
    }

    public Result run(Path file, String fileName) {
        try {
            return run(Files.readAllBytes(file), fileName, Progress.NONE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Parses, chunks and embeds one document with the default model, reporting each stage to {@code progress}. */
    public Result run(byte[] content, String fileName, Progress progress) {
        return run(content, fileName, embedder, progress);
    }

    /**
     * Parses, chunks and embeds one document with {@code model} (the collection's), reporting each stage (and each
     * embedded batch) to {@code progress}.
     */
    public Result run(byte[] content, String fileName, Embedder model, Progress progress) {
        long t0 = System.nanoTime();
        ParsedDocument parsed;
        try (InputStream in = new ByteArrayInputStream(content)) {
            parsed = parser.parse(in, fileName);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            t0 = record("parse", t0);
        }
        progress.stage("chunking", null, 0);
        List<TextChunk> chunks = chunker.split(parsed);
        t0 = record("chunk", t0);
        if (chunks.isEmpty()) {
            throw new DocentException(ErrorCode.NO_TEXT, "The document contains no text to index");
        }
        progress.stage("embedding", chunks.size(), 0);
        List<String> toEmbed = new ArrayList<>(chunks.size());
        for (TextChunk chunk : chunks) {
            toEmbed.add(embeddingText(parsed.title(), chunk));
        }
        List<float[]> vectors = new ArrayList<>(chunks.size());
        for (int from = 0; from < toEmbed.size(); from += embedBatch) {
            int to = Math.min(toEmbed.size(), from + embedBatch);
            vectors.addAll(model.embedPassages(toEmbed.subList(from, to)));
            embeddedChunks.increment(to - from);
            if (to < toEmbed.size()) {
                progress.stage("embedding", chunks.size(), to);
            }
        }
        record("embed", t0);
        return new Result(parsed, chunks, vectors, model.modelId());
    }

    private long record(String stage, long startNanos) {
        long now = System.nanoTime();
        Timer.builder("docent.ingest.stage")
                .description("Time spent in one ingestion stage for one document")
                .tag("stage", stage)
                .register(registry)
                .record(now - startNanos, java.util.concurrent.TimeUnit.NANOSECONDS);
        spans.record("ingest." + stage, startNanos, now);
        return now;
    }

    /**
     * Title, heading path and the header row of a table the chunk continues give the embedding context the chunk
     * text alone lacks; they are not part of the chunk text.
     */
    public static String embeddingText(String title, TextChunk chunk) {
        return embeddingText(title, chunk.headingPath(), chunk.tableHeader(), chunk.text());
    }

    /** The text embedded for a chunk with this context and text (also used when re-embedding). */
    public static String embeddingText(String title, List<String> headingPath, String tableHeader, String text) {
        StringBuilder sb = new StringBuilder();
        if (title != null && !title.isBlank()) {
            sb.append(title.strip()).append('\n');
        }
        if (!headingPath.isEmpty()) {
            sb.append(String.join(" > ", headingPath)).append('\n');
        }
        if (tableHeader != null && !tableHeader.isBlank()) {
            sb.append(tableHeader.strip()).append('\n');
        }
        return sb.append(text).toString();
    }
}
