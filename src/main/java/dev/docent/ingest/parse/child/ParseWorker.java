package dev.docent.ingest.parse.child;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** One parse worker process and its pipes. Not thread-safe: the pool hands it to one caller at a time. */
final class ParseWorker {
    /** Exit status of a JVM that ran out of memory with {@code -XX:+ExitOnOutOfMemoryError}. */
    static final int OOM_EXIT = 3;

    private static final int STDERR_TAIL = 4096;

    private final Process process;
    private final DataOutputStream toWorker;
    private final DataInputStream fromWorker;
    private final StringBuilder stderrTail = new StringBuilder();
    private int parses;

    private ParseWorker(Process process) {
        this.process = process;
        this.toWorker = new DataOutputStream(new BufferedOutputStream(process.getOutputStream(), 1 << 16));
        this.fromWorker = new DataInputStream(new BufferedInputStream(process.getInputStream(), 1 << 16));
        Thread.ofPlatform()
                .daemon()
                .name("docent-parse-worker-stderr-" + process.pid())
                .start(() -> drain(process.getErrorStream()));
    }

    /**
     * Starts a worker whose temporary files go to {@code tempDir}, which is deleted when the process ends, however
     * it ends; the caller waits for {@link #awaitReady()}.
     */
    static ParseWorker start(List<String> command, Path tempDir) throws IOException {
        List<String> withTemp = new ArrayList<>(command);
        withTemp.add(1, "-Djava.io.tmpdir=" + tempDir);
        ProcessBuilder builder = new ProcessBuilder(withTemp);
        // Tesseract's OpenMP threads, inherited by every OCR run: with several, one page took 18 s of wall clock
        // (half of it spinning in the kernel) instead of 3.8 s with one, on 2 busy cores; parses already run side
        // by side, one per worker. An operator's own setting wins.
        builder.environment().putIfAbsent("OMP_THREAD_LIMIT", "1");
        Process process = builder.start();
        // kill() ends the worker's own children (a tesseract run) before the worker, so once the worker is gone
        // nothing of it writes there any more
        process.onExit().thenRun(() -> WorkerTempDirs.delete(tempDir));
        return new ParseWorker(process);
    }

    static List<String> command(ChildOptions options, List<String> workerArgs) {
        List<String> cmd = new ArrayList<>();
        cmd.add(options.javaBinary());
        cmd.add("-Xmx" + options.maxHeapMb() + "m");
        cmd.add("-XX:+ExitOnOutOfMemoryError");
        cmd.add("-XX:+UseSerialGC");
        cmd.add("-Xss4m");
        cmd.add("-Djava.awt.headless=true");
        cmd.add("-Djava.util.logging.manager=org.jboss.logmanager.LogManager");
        cmd.addAll(options.extraJvmArgs());
        cmd.add("-cp");
        cmd.add(options.classpath());
        cmd.add(ParseWorkerMain.class.getName());
        cmd.addAll(workerArgs);
        return cmd;
    }

    /** Blocks until the worker says it is ready. */
    void awaitReady() throws IOException {
        int hello = fromWorker.readInt();
        if (hello != WireFormat.READY) {
            throw new IOException("parse worker sent " + Integer.toHexString(hello) + " instead of READY");
        }
    }

    /**
     * Sends one document and blocks for the answer, running {@code onProgress} for each page or embedded document
     * the worker reports done (the caller bounds the wait and kills on timeout).
     */
    dev.docent.ingest.parse.ParsedDocument exchange(String fileName, byte[] content, Runnable onProgress)
            throws IOException {
        parses++;
        WireFormat.writeRequest(toWorker, fileName, content);
        return WireFormat.readResponse(fromWorker, onProgress);
    }

    int parses() {
        return parses;
    }

    long pid() {
        return process.pid();
    }

    boolean alive() {
        return process.isAlive();
    }

    /** Exit status once the process has ended (waiting up to {@code millis}), or -1 when it still runs. */
    int exitStatus(long millis) {
        try {
            if (process.waitFor(millis, TimeUnit.MILLISECONDS)) {
                return process.exitValue();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return -1;
    }

    /** The last few KB the worker wrote to stderr (never document text by design, but only logged at debug). */
    String stderrTail() {
        synchronized (stderrTail) {
            return stderrTail.toString();
        }
    }

    /** Asks the worker to exit by closing its stdin; kills it if it does not within a second. */
    void stop() {
        try {
            toWorker.close();
        } catch (IOException e) {
            // already gone
        }
        if (exitStatus(1000) < 0) {
            kill();
        }
    }

    void kill() {
        process.descendants().forEach(ProcessHandle::destroyForcibly); // e.g. a tesseract run, before it is orphaned
        process.destroyForcibly();
    }

    private void drain(InputStream err) {
        byte[] buffer = new byte[4096];
        try (err) {
            int n;
            while ((n = err.read(buffer)) >= 0) {
                synchronized (stderrTail) {
                    stderrTail.append(new String(buffer, 0, n, StandardCharsets.UTF_8));
                    if (stderrTail.length() > STDERR_TAIL) {
                        stderrTail.delete(0, stderrTail.length() - STDERR_TAIL);
                    }
                }
            }
        } catch (IOException e) {
            // process gone
        }
    }
}
