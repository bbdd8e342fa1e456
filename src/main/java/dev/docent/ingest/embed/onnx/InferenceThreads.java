package dev.docent.ingest.embed.onnx;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.langchain4j.model.embedding.onnx.PoolingMode;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.PriorityBlockingQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * A fixed set of inference threads, each with its own {@link OrtSession} (one intra-op thread, created on the
 * thread's first task), taking texts from one queue. Single texts (search queries) go before queued batch texts
 * (ingestion), so a query waits for at most one running inference, not for a backlog of chunks. Each text runs as a
 * batch of one: batching these quantized models was slower on CPU and changed the vectors.
 */
final class InferenceThreads implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(InferenceThreads.class);

    /** Queue order: priority first (0 = single text), then submission order. */
    private record Task(int priority, long seq, String text, CompletableFuture<float[]> result)
            implements Comparable<Task> {
        @Override
        public int compareTo(Task o) {
            int c = Integer.compare(priority, o.priority);
            return c != 0 ? c : Long.compare(seq, o.seq);
        }
    }

    private static final Task POISON = new Task(Integer.MAX_VALUE, Long.MAX_VALUE, null, null);

    private final OnnxModelSpec spec;
    private final TokenWindows windows;
    private final Supplier<OrtSession> sessions;
    private final PriorityBlockingQueue<Task> queue = new PriorityBlockingQueue<>();
    private final AtomicLong seq = new AtomicLong();
    private final AtomicLong busyNanos = new AtomicLong();
    private final AtomicLong done = new AtomicLong();
    private final AtomicLong cpuNanos = new AtomicLong();
    private final ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
    private final Thread[] threads;
    private volatile boolean closed;

    InferenceThreads(OnnxModelSpec spec, TokenWindows windows, int threads, Supplier<OrtSession> sessions) {
        this.spec = spec;
        this.windows = windows;
        this.sessions = sessions;
        this.threads = new Thread[threads];
        for (int i = 0; i < threads; i++) {
            this.threads[i] = Thread.ofPlatform()
                    .daemon()
                    .name("docent-embed-" + spec.id() + "-" + i)
                    .start(this::loop);
        }
    }

    int size() {
        return threads.length;
    }

    /** Texts waiting for an inference thread. */
    int queued() {
        return queue.size();
    }

    /** Time the threads spent embedding, summed over threads (busy / (threads * wall time) = utilisation). */
    long busyNanos() {
        return busyNanos.get();
    }

    /** CPU time the threads used embedding, summed over threads (below {@link #busyNanos()} when CPU is short). */
    long cpuNanos() {
        return cpuNanos.get();
    }

    /** Texts embedded (or failed) so far. */
    long done() {
        return done.get();
    }

    /** Queues {@code text}; a lower priority runs first (0 before 1 before 2), then in submission order. */
    CompletableFuture<float[]> submit(String text, int priority) {
        if (closed) {
            throw new IllegalStateException("embedding model " + spec.id() + " is closed");
        }
        CompletableFuture<float[]> result = new CompletableFuture<>();
        queue.add(new Task(priority, seq.getAndIncrement(), text, result));
        return result;
    }

    private void loop() {
        OrtSession session = null;
        try {
            while (true) {
                Task task = queue.take();
                if (task == POISON) {
                    return;
                }
                if (task.result().isDone()) {
                    continue; // cancelled by its caller
                }
                long t0 = System.nanoTime();
                long c0 = cpu.getCurrentThreadCpuTime();
                try {
                    if (session == null) {
                        session = sessions.get();
                    }
                    task.result().complete(embed(session, task.text()));
                } catch (RuntimeException | OrtException | Error e) {
                    task.result().completeExceptionally(e);
                } finally {
                    busyNanos.addAndGet(System.nanoTime() - t0);
                    cpuNanos.addAndGet(cpu.getCurrentThreadCpuTime() - c0);
                    done.incrementAndGet();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            closeQuietly(session);
        }
    }

    private float[] embed(OrtSession session, String text) throws OrtException {
        List<TokenWindows.Window> parts = windows.windows(text);
        float[] sum = null;
        int totalWeight = 0;
        for (TokenWindows.Window w : parts) {
            float[] v = run(session, w);
            if (parts.size() == 1) {
                return Vectors.normalize(v);
            }
            sum = sum == null ? new float[v.length] : sum;
            for (int j = 0; j < v.length; j++) {
                sum[j] += v[j] * w.weight();
            }
            totalWeight += w.weight();
        }
        for (int j = 0; j < sum.length; j++) {
            sum[j] /= totalWeight;
        }
        return Vectors.normalize(sum);
    }

    /** Runs one window and pools the last hidden state ({@code [1, tokens, dimension]}) the way the model wants. */
    private float[] run(OrtSession session, TokenWindows.Window w) throws OrtException {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        long[] shape = {1, w.ids().length};
        try (OnnxTensor ids = OnnxTensor.createTensor(env, LongBuffer.wrap(w.ids()), shape);
                OnnxTensor mask = OnnxTensor.createTensor(env, LongBuffer.wrap(w.attentionMask()), shape);
                OnnxTensor types = OnnxTensor.createTensor(env, LongBuffer.wrap(w.typeIds()), shape)) {
            Map<String, OnnxTensor> inputs = new HashMap<>();
            inputs.put("input_ids", ids);
            inputs.put("attention_mask", mask);
            if (session.getInputNames().contains("token_type_ids")) {
                inputs.put("token_type_ids", types);
            }
            try (OrtSession.Result result = session.run(inputs)) {
                FloatBuffer hidden = ((OnnxTensor) result.get(0)).getFloatBuffer();
                int tokens = w.ids().length;
                int dim = hidden.remaining() / tokens;
                return spec.pooling() == PoolingMode.CLS ? clsPool(hidden, dim) : meanPool(hidden, tokens, dim);
            }
        }
    }

    private static float[] clsPool(FloatBuffer hidden, int dim) {
        float[] v = new float[dim];
        hidden.get(0, v);
        return v;
    }

    /** Mean over all positions (no padding: batch of one), summed in token order like LangChain4j. */
    private static float[] meanPool(FloatBuffer hidden, int tokens, int dim) {
        float[] v = new float[dim];
        for (int t = 0; t < tokens; t++) {
            int base = t * dim;
            for (int j = 0; j < dim; j++) {
                v[j] += hidden.get(base + j);
            }
        }
        for (int j = 0; j < dim; j++) {
            v[j] /= tokens;
        }
        return v;
    }

    private static void closeQuietly(OrtSession session) {
        if (session == null) {
            return;
        }
        try {
            session.close();
        } catch (OrtException | RuntimeException e) {
            LOG.debugf("closing an ONNX session failed: %s", e.getMessage());
        }
    }

    /** Stops the threads after the texts already queued; each closes its session. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (int i = 0; i < threads.length; i++) {
            queue.add(POISON);
        }
        for (Thread t : threads) {
            try {
                t.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
