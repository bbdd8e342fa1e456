package dev.docent.ingest.embed.onnx;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.output.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * An in-process ONNX embedding model driven through ONNX Runtime directly instead of LangChain4j's
 * {@code AbstractInProcessEmbeddingModel}: the same model file, tokenizer, token windows, pooling and L2
 * normalisation (so the same vectors), but run by {@code threads} inference threads that each own an
 * {@link OrtSession} with one intra-op thread. On CPU this beats LangChain4j's single shared session, whose
 * per-call thread pools contend with each other for the cores (ADR 0008).
 *
 * <p>Thread-safe; any number of callers may embed at once: at most {@code threads} inferences run, the rest wait in
 * a queue in which single texts ({@link #embed(String)}, e.g. queries) go first, then {@link #embedAllPromptly} texts
 * (a request's), then {@link #embedAll} texts (ingestion's). Close it to stop the threads and free the sessions.
 */
public final class DirectOnnxEmbeddingModel implements EmbeddingModel, AutoCloseable {
    /** Single texts (search queries): a person waits for each. */
    private static final int SINGLE = 0;

    /** Several texts of one request ({@link #embedAllPromptly}): after queries, before ingestion. */
    private static final int PROMPT = 1;

    /** Ingestion's batches. */
    private static final int BULK = 2;

    private final OnnxModelSpec spec;
    private final TokenWindows windows;
    private final InferenceThreads threads;

    private DirectOnnxEmbeddingModel(OnnxModelSpec spec, int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, was " + threads);
        }
        this.spec = spec;
        this.windows = new TokenWindows(spec.openTokenizer());
        this.threads = new InferenceThreads(spec, windows, threads, () -> newSession(spec));
    }

    /** The given model with {@code threads} inference threads. */
    public static DirectOnnxEmbeddingModel of(OnnxModelSpec spec, int threads) {
        return new DirectOnnxEmbeddingModel(spec, threads);
    }

    /** bge-small-en-v1.5 quantized (CLS pooling, 384 dimensions), one inference thread per available core. */
    public static DirectOnnxEmbeddingModel bgeSmallEnV15Quantized() {
        return bgeSmallEnV15Quantized(defaultThreads());
    }

    public static DirectOnnxEmbeddingModel bgeSmallEnV15Quantized(int threads) {
        return of(OnnxModelSpec.BGE_SMALL_EN_V15_Q, threads);
    }

    /** all-MiniLM-L6-v2 quantized (mean pooling, 384 dimensions), one inference thread per available core. */
    public static DirectOnnxEmbeddingModel allMiniLmL6V2Quantized() {
        return allMiniLmL6V2Quantized(defaultThreads());
    }

    public static DirectOnnxEmbeddingModel allMiniLmL6V2Quantized(int threads) {
        return of(OnnxModelSpec.ALL_MINILM_L6_V2_Q, threads);
    }

    /** Available processors (which honours container CPU limits). */
    public static int defaultThreads() {
        return Math.max(1, Runtime.getRuntime().availableProcessors());
    }

    /** Inference threads (and so sessions, at most) of this model. */
    public int threads() {
        return threads.size();
    }

    /** Texts waiting for an inference thread now. */
    public int queued() {
        return threads.queued();
    }

    /** Seconds the inference threads spent embedding so far, summed over threads. */
    public double busySeconds() {
        return threads.busyNanos() / 1e9;
    }

    /** CPU seconds the inference threads used so far, summed over threads. */
    public double cpuSeconds() {
        return threads.cpuNanos() / 1e9;
    }

    /** Texts embedded so far. */
    public long embedded() {
        return threads.done();
    }

    @Override
    public Response<Embedding> embed(String text) {
        return Response.from(Embedding.from(await(threads.submit(text, SINGLE))));
    }

    @Override
    public Response<Embedding> embed(TextSegment segment) {
        return embed(segment.text());
    }

    /** Embeds the segments on the inference threads (in parallel when there are several) and keeps their order. */
    @Override
    public Response<List<Embedding>> embedAll(List<TextSegment> segments) {
        if (segments == null || segments.isEmpty()) {
            return Response.from(List.of());
        }
        return Response.from(embedAll(segments.stream().map(TextSegment::text).toList(), BULK));
    }

    /**
     * Embeds texts a request is waiting for (not an ingestion batch): like {@link #embedAll}, but queued ahead of
     * ingestion's texts, behind single texts (a search's query should not wait for an answer's eight sentences).
     */
    public List<Embedding> embedAllPromptly(List<String> texts) {
        return texts.isEmpty() ? List.of() : embedAll(texts, PROMPT);
    }

    private List<Embedding> embedAll(List<String> texts, int priority) {
        List<CompletableFuture<float[]>> futures = new ArrayList<>(texts.size());
        for (String t : texts) {
            futures.add(threads.submit(t, priority));
        }
        List<Embedding> out = new ArrayList<>(texts.size());
        try {
            for (CompletableFuture<float[]> f : futures) {
                out.add(Embedding.from(await(f)));
            }
        } finally {
            futures.forEach(f -> f.cancel(false)); // no-op for finished ones; drops queued ones on failure
        }
        return out;
    }

    @Override
    public int dimension() {
        return spec.dimension();
    }

    @Override
    public String modelName() {
        return spec.id();
    }

    private static float[] await(CompletableFuture<float[]> future) {
        try {
            return future.get();
        } catch (InterruptedException e) {
            future.cancel(false);
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while embedding", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException("embedding failed: " + e.getCause().getMessage(), e.getCause());
        }
    }

    /** A session with one intra-op and one inter-op thread: parallelism comes from the inference threads. */
    private static OrtSession newSession(OnnxModelSpec spec) {
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setIntraOpNumThreads(1);
            options.setInterOpNumThreads(1);
            options.setExecutionMode(OrtSession.SessionOptions.ExecutionMode.SEQUENTIAL);
            return OrtEnvironment.getEnvironment().createSession(spec.modelBytes(), options);
        } catch (OrtException e) {
            throw new IllegalStateException("cannot load ONNX model " + spec.id(), e);
        }
    }

    /** Stops the inference threads (after the texts already queued) and closes their sessions and the tokenizer. */
    @Override
    public void close() {
        threads.close();
        windows.close();
    }
}
