package dev.docent.ingest.parse.child;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * A temporary directory for each parse worker ({@code -Djava.io.tmpdir}), deleted when the worker ends however it
 * ends. Tika spools documents and embedded files (images, attachments) to temporary files and deletes them when a
 * parse finishes; a worker killed at the parse timeout, or one that runs out of memory or crashes, never gets
 * there, and a hostile document can do that every time it is uploaded. Kept in the shared temporary directory,
 * those files would pile up until the disk is full.
 *
 * <p>Layout: {@code <root>/<pid of this service>-<n>/worker-*}, one {@code <pid>-<n>} per parser (a JVM may hold
 * several, tests do). A service killed with -9 cannot delete its own, so each parser deletes, when it starts, the
 * directories of processes that no longer run.
 */
final class WorkerTempDirs implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(WorkerTempDirs.class);

    private final Path mine;

    /** Creates this parser's directory under {@code root}, after deleting those of processes that have ended. */
    WorkerTempDirs(Path root) {
        try {
            Files.createDirectories(root);
            sweep(root);
            this.mine = Files.createTempDirectory(root, ProcessHandle.current().pid() + "-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the parse workers' temporary directory under " + root, e);
        }
    }

    /** The default root: {@code docent-parse-<user>} in the system temporary directory. */
    static Path defaultRoot() {
        return Path.of(System.getProperty("java.io.tmpdir"), "docent-parse-" + System.getProperty("user.name", "user"));
    }

    /** A new, empty directory for one worker. */
    Path create() throws IOException {
        return Files.createTempDirectory(mine, "worker-");
    }

    /** Deletes {@code dir} and everything in it; what cannot be deleted now is left for the next start's sweep. */
    static void delete(Path dir) {
        try {
            Files.walkFileTree(dir, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.deleteIfExists(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) {
                    return FileVisitResult.CONTINUE; // gone already, or unreadable: the directory delete tells
                }

                @Override
                public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
                    Files.deleteIfExists(d);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (NoSuchFileException e) {
            // already deleted
        } catch (IOException e) {
            LOG.debugf("could not delete the parse worker directory %s: %s", dir, e.getMessage());
        }
    }

    /** Deletes the directories of processes that no longer run (a service killed before it could delete its own). */
    private static void sweep(Path root) throws IOException {
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(root)) {
            for (Path entry : entries) {
                Optional<Long> pid = pid(entry.getFileName().toString());
                if (pid.isPresent() && !alive(pid.get())) {
                    LOG.debugf("deleting %s, left by parse workers of ended process %d", entry, pid.get());
                    delete(entry);
                }
            }
        }
    }

    /** The pid in a {@code <pid>-<n>} name, or empty for any other name. */
    private static Optional<Long> pid(String name) {
        int dash = name.indexOf('-');
        try {
            return Optional.of(Long.parseLong(dash < 0 ? name : name.substring(0, dash)));
        } catch (NumberFormatException e) {
            return Optional.empty(); // not ours
        }
    }

    private static boolean alive(long pid) {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    /** Deletes this parser's directory, with whatever its workers left. */
    @Override
    public void close() {
        delete(mine);
    }

    /** This parser's directory (for tests). */
    Path directory() {
        return mine;
    }
}
