package dev.docent.ingest.parse.child;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChildClasspathTest {

    @Test
    void fastJarUsesTheAppLibMainAndLibBootDirectories(@TempDir Path dir) throws IOException {
        Path app = dir.resolve("quarkus-app");
        Files.createDirectories(app.resolve("lib/main"));
        Files.createDirectories(app.resolve("lib/boot"));
        Files.createDirectories(app.resolve("app"));
        Path runner = Files.createFile(app.resolve("quarkus-run.jar"));

        String cp = ChildClasspath.derive(runner.toString());

        assertThat(cp.split(File.pathSeparator))
                .containsExactly(
                        app.resolve("app") + File.separator + "*",
                        app.resolve("lib/main") + File.separator + "*",
                        app.resolve("lib/boot") + File.separator + "*");
    }

    @Test
    void anyOtherClassPathIsUsedAsIs() {
        String cp = "/x/classes" + File.pathSeparator + "/x/lib/a.jar";
        assertThat(ChildClasspath.derive(cp)).isEqualTo(cp);
        assertThat(ChildClasspath.derive("/tmp/surefirebooter123.jar")).isEqualTo("/tmp/surefirebooter123.jar");
    }

    @Test
    void configuredClassPathWins() {
        assertThat(ChildClasspath.resolve(Optional.of("/opt/docent/lib/*"))).isEqualTo("/opt/docent/lib/*");
        assertThat(ChildClasspath.resolve(Optional.of(" "))).isEqualTo(System.getProperty("java.class.path"));
    }
}
