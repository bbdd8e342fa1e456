package dev.docent.ingest.parse.child;

import dev.docent.ingest.parse.DocumentParser;
import dev.docent.ingest.parse.LimitedInput;
import dev.docent.ingest.parse.OcrSettings;
import dev.docent.ingest.parse.ParseDeadline;
import dev.docent.ingest.parse.ParsedDocument;
import dev.docent.ingest.parse.ParserLimits;
import dev.docent.shared.error.DocentException;
import dev.docent.shared.error.ErrorCode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;

/**
 * {@link DocumentParser} that parses in a small pool of long-lived worker JVMs ({@link ParseWorkerMain}), so a
 * parser that loops or allocates without bound costs one worker process, never the service.
 *
 * <ul>
 *   <li>Each worker has its own heap cap ({@code -Xmx}) and exits on the first {@link OutOfMemoryError}; the
 *       document fails with {@code resource_limit}.
 *   <li>A parse running past {@link ParserLimits#timeout()} gets its worker killed ({@code destroyForcibly}); the
 *       document fails with {@code timeout}.
 *   <li>A worker dying in any other way fails the document with {@code parser_crashed}.
 *   <li>A dead or killed worker is replaced by a fresh one on the next parse; a worker is also replaced after
 *       {@link ChildOptions#maxParsesPerWorker()} parses.
 * </ul>
 *
 * Output is that of {@link dev.docent.ingest.parse.TikaDocumentParser}, which runs inside the worker.
 */
public final class ChildProcessDocumentParser implements DocumentParser, AutoCloseable {
    private static final Logger LOG = Logger.getLogger(ChildProcessDocumentParser.class);

    private final ParserLimits limits;
    private final ChildOptions options;
    private final List<String> command;
    private final BlockingQueue<Slot> idle;
    private final ExecutorService io;
    private final WorkerTempDirs tempDirs;
    private final AtomicLong started = new AtomicLong();
    private volatile boolean closed;

    public ChildProcessDocumentParser(ParserLimits limits, OcrSettings ocr, ChildOptions options) {
        this.limits = Objects.requireNonNull(limits, "limits");
        this.options = Objects.requireNonNull(options, "options");
        // the worker's own timeouts are only a backstop: this side kills the worker at limits.timeout() without
        // progress, or at limits.maxDuration() in all
        long backstopMillis =
                Math.max(limits.timeout().toMillis() * 2, limits.timeout().toMillis() + 10_000);
        long backstopMaxMillis = limits.maxDuration().toMillis() + backstopMillis;
        this.command = ParseWorker.command(
                options,
                List.of(
                        Long.toString(limits.maxBytes()),
                        Integer.toString(limits.writeLimitChars()),
                        Long.toString(backstopMillis),
                        Integer.toString(limits.maxEmbeddedDepth()),
                        Boolean.toString(ocr.enabled()),
                        ocr.languages(),
                        Long.toString(ocr.timeout().toSeconds()),
                        Long.toString(backstopMaxMillis)));
        this.idle = new ArrayBlockingQueue<>(options.workers());
        for (int i = 0; i < options.workers(); i++) {
            idle.add(new Slot());
        }
        this.io = Executors.newCachedThreadPool(
                r -> Thread.ofPlatform().daemon().name("docent-parse-io").unstarted(r));
        this.tempDirs = new WorkerTempDirs(options.tempRoot());
    }

    @Override
    public ParsedDocument parse(InputStream content, String fileName) {
        Objects.requireNonNull(content, "content");
        byte[] bytes = LimitedInput.read(content, limits.maxBytes());
        String name = fileName == null ? "" : fileName;
        Slot slot = borrow();
        try {
            return slot.parse(name, bytes);
        } finally {
            if (closed) {
                slot.discard(false); // closed while this parse ran: close() only saw the idle slots
            }
            idle.add(slot);
        }
    }

    /** Worker processes started so far (the first ones and every replacement). */
    public long workersStarted() {
        return started.get();
    }

    /** Pids of the worker processes currently running. */
    public List<Long> workerPids() {
        return idle.stream()
                .map(s -> s.worker)
                .filter(w -> w != null && w.alive())
                .map(ParseWorker::pid)
                .toList();
    }

    @Override
    public void close() {
        closed = true;
        Slot slot;
        while ((slot = idle.poll()) != null) {
            slot.discard(false);
        }
        io.shutdownNow();
        tempDirs.close(); // what a worker still busy in a parse leaves is deleted when it exits, or by the next start
    }

    /** This service's directory of worker temporary directories (for tests). */
    Path tempDirectory() {
        return tempDirs.directory();
    }

    private Slot borrow() {
        if (closed) {
            throw new DocentException(ErrorCode.UNAVAILABLE, "The document parser is shutting down; try again later.");
        }
        try {
            // a busy worker is free (or killed) within the longest parse; allow that plus a parse timeout and a
            // worker start before answering unavailable (more queue workers than parse workers wait their turn)
            long waitMillis = limits.maxDuration().toMillis()
                    + limits.timeout().toMillis()
                    + options.startTimeout().toMillis();
            Slot slot = idle.poll(waitMillis, TimeUnit.MILLISECONDS);
            if (slot == null) {
                throw new DocentException(ErrorCode.UNAVAILABLE, "The document parser is busy; try again later.");
            }
            return slot;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DocentException(ErrorCode.UNAVAILABLE, "Parsing was interrupted; try again later.", e);
        }
    }

    /** A place in the pool, holding a live worker or none (started on demand). */
    private final class Slot {
        private volatile ParseWorker worker;

        ParsedDocument parse(String name, byte[] bytes) {
            ParseWorker w = ready();
            AtomicLong lastProgress = new AtomicLong(System.nanoTime());
            ParseDeadline deadline = new ParseDeadline(limits, lastProgress::get);
            Future<ParsedDocument> answer =
                    io.submit(() -> w.exchange(name, bytes, () -> lastProgress.set(System.nanoTime())));
            try {
                ParsedDocument doc = deadline.await(answer);
                if (w.parses() >= options.maxParsesPerWorker()) {
                    discard(false);
                }
                return doc;
            } catch (TimeoutException e) {
                LOG.warnf("parse worker %d killed: %s", w.pid(), e.getMessage());
                discard(true);
                throw new DocentException(ErrorCode.TIMEOUT, e.getMessage(), e);
            } catch (InterruptedException e) {
                discard(true);
                Thread.currentThread().interrupt();
                throw new DocentException(ErrorCode.UNAVAILABLE, "Parsing was interrupted; try again later.", e);
            } catch (ExecutionException e) {
                if (e.getCause() instanceof DocentException de) {
                    if (de.errorCode() == ErrorCode.TIMEOUT) {
                        discard(true); // the worker's backstop fired: its parser thread may still be running
                    }
                    throw de;
                }
                throw died(w, e.getCause());
            }
        }

        /** The failure for a worker that stopped answering mid-parse (the pipe broke or closed). */
        private DocentException died(ParseWorker w, Throwable cause) {
            int status = w.exitStatus(5000);
            discard(true);
            if (status == ParseWorker.OOM_EXIT) {
                LOG.warnf("parse worker %d ran out of its %d MB heap", w.pid(), options.maxHeapMb());
                return new DocentException(
                        ErrorCode.RESOURCE_LIMIT,
                        "Parsing the document needed more than the " + options.maxHeapMb() + " MB a parse may use.",
                        cause);
            }
            LOG.warnf("parse worker %d died (exit status %d)", w.pid(), status);
            LOG.debugf("parse worker %d stderr tail: %s", w.pid(), w.stderrTail());
            return new DocentException(ErrorCode.PARSER_CRASHED, "The parser crashed on this document.", cause);
        }

        private ParseWorker ready() {
            if (worker != null && worker.alive()) {
                return worker;
            }
            discard(true);
            ParseWorker w;
            Path tempDir = null;
            try {
                tempDir = tempDirs.create();
                w = ParseWorker.start(command, tempDir);
            } catch (IOException e) {
                if (tempDir != null) {
                    WorkerTempDirs.delete(tempDir);
                }
                throw new DocentException(
                        ErrorCode.UNAVAILABLE, "The document parser could not be started; try again later.", e);
            }
            started.incrementAndGet();
            Future<?> hello = io.submit(() -> {
                w.awaitReady();
                return null;
            });
            try {
                hello.get(options.startTimeout().toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                w.kill();
                Thread.currentThread().interrupt();
                throw new DocentException(ErrorCode.UNAVAILABLE, "Parsing was interrupted; try again later.", e);
            } catch (ExecutionException | TimeoutException e) {
                w.kill();
                LOG.errorf("parse worker did not start (exit status %d): %s", w.exitStatus(1000), w.stderrTail());
                throw new DocentException(
                        ErrorCode.UNAVAILABLE, "The document parser could not be started; try again later.", e);
            }
            worker = w;
            return w;
        }

        /** Ends the current worker: killed at once, or asked to exit (stdin closed) when it is healthy. */
        void discard(boolean kill) {
            ParseWorker w = worker;
            worker = null;
            if (w == null) {
                return;
            }
            if (kill) {
                w.kill();
            } else {
                w.stop();
            }
        }
    }
}
