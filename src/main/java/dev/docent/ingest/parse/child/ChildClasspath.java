package dev.docent.ingest.parse.child;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The class path for parse workers, derived from the running JVM so that no machine path is configured.
 *
 * <ul>
 *   <li>Packaged service (Quarkus fast-jar, {@code java -jar quarkus-app/quarkus-run.jar}): the jars of {@code
 *       quarkus-app/app}, {@code lib/main} and {@code lib/boot}.
 *   <li>Anything else (tests under Surefire, {@code java -cp ...}): the JVM's own {@code java.class.path}, which
 *       under Surefire is its booter jar whose manifest lists the test class path.
 * </ul>
 */
public final class ChildClasspath {

    private ChildClasspath() {}

    /** The configured class path when given, else the one derived from this JVM. */
    public static String resolve(Optional<String> configured) {
        return configured.filter(s -> !s.isBlank()).orElseGet(() -> derive(System.getProperty("java.class.path", "")));
    }

    static String derive(String javaClassPath) {
        String[] entries = javaClassPath.split(File.pathSeparator);
        if (entries.length == 1 && entries[0].endsWith("quarkus-run.jar")) {
            Path app = Path.of(entries[0]).toAbsolutePath().getParent();
            if (app != null && Files.isDirectory(app.resolve("lib/main"))) {
                return String.join(
                        File.pathSeparator,
                        app.resolve("app") + File.separator + "*",
                        app.resolve("lib/main") + File.separator + "*",
                        app.resolve("lib/boot") + File.separator + "*");
            }
        }
        return javaClassPath;
    }
}
