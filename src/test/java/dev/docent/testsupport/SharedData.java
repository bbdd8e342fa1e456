package dev.docent.testsupport;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;

/** Locates ../shared (override with -Ddocent.shared or DOCENT_SHARED); tests that need it skip without it. */
public final class SharedData {
    private SharedData() {}

    public static Path root() {
        String configured = System.getProperty("docent.shared", System.getenv("DOCENT_SHARED"));
        return Path.of(configured == null || configured.isBlank() ? "../shared" : configured)
                .toAbsolutePath()
                .normalize();
    }

    /** A file of the Tika test corpus, e.g. {@code pdf/testJournalParser.pdf}; skips the test if absent. */
    public static Path tikaFile(String relative) {
        Path file = root().resolve("corpus/tika").resolve(relative);
        Assumptions.assumeTrue(Files.isRegularFile(file), "shared corpus file missing: " + file);
        return file;
    }
}
