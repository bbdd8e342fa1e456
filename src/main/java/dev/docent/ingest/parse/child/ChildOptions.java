package dev.docent.ingest.parse.child;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * How parse workers are started and recycled.
 *
 * @param javaBinary the java binary for the workers
 * @param classpath the workers' class path (see {@link ChildClasspath})
 * @param maxHeapMb heap of one worker ({@code -Xmx}); a parse needing more fails with {@code resource_limit}
 * @param workers how many worker processes run at most (one parse at a time each)
 * @param maxParsesPerWorker parses after which a worker is replaced by a fresh one (bounds slow leaks)
 * @param startTimeout how long a starting worker may take to report ready (JVM start and Tika's registry)
 * @param extraJvmArgs further JVM options for the workers
 * @param tempRoot where each worker gets its own temporary directory, deleted when the worker ends
 *     ({@link WorkerTempDirs})
 */
public record ChildOptions(
        String javaBinary,
        String classpath,
        int maxHeapMb,
        int workers,
        int maxParsesPerWorker,
        Duration startTimeout,
        List<String> extraJvmArgs,
        Path tempRoot) {

    public ChildOptions {
        Objects.requireNonNull(javaBinary, "javaBinary");
        Objects.requireNonNull(classpath, "classpath");
        Objects.requireNonNull(startTimeout, "startTimeout");
        Objects.requireNonNull(tempRoot, "tempRoot");
        extraJvmArgs = List.copyOf(extraJvmArgs);
        if (maxHeapMb < 32) {
            throw new IllegalArgumentException("maxHeapMb must be at least 32");
        }
        if (workers < 1) {
            throw new IllegalArgumentException("workers must be positive");
        }
        if (maxParsesPerWorker < 1) {
            throw new IllegalArgumentException("maxParsesPerWorker must be positive");
        }
    }

    /** {@code docent-parse-<user>} in the system temporary directory. */
    public static Path defaultTempRoot() {
        return WorkerTempDirs.defaultRoot();
    }

    /** These options with the workers' temporary directories under {@code root}. */
    public ChildOptions withTempRoot(Path root) {
        return new ChildOptions(
                javaBinary, classpath, maxHeapMb, workers, maxParsesPerWorker, startTimeout, extraJvmArgs, root);
    }

    /** The running JVM's java binary. */
    public static String currentJava() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
