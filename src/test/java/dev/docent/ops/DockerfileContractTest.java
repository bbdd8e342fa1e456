package dev.docent.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The JVM image definition: runtime base, non-root, the app's port, fast-jar layers, whitelisted context. */
class DockerfileContractTest {

    private final List<String[]> instructions = DeployFiles.dockerInstructions();

    private List<String> args(String keyword) {
        return instructions.stream()
                .filter(i -> i[0].equals(keyword))
                .map(i -> i[1])
                .toList();
    }

    @Test
    void buildsOnAJavaRuntimeImageNotAJdk() {
        List<String> from = args("FROM");
        assertThat(from).hasSize(1);
        assertThat(from.get(0)).contains("openjdk-21-runtime").doesNotContain(":latest");
    }

    @Test
    void runsAsNonRootUser() {
        List<String> users = args("USER");
        assertThat(users).isNotEmpty();
        String last = users.get(users.size() - 1).split(":")[0];
        assertThat(last).isNotIn("root", "0");
        assertThat(last).matches("[0-9]+"); // numeric, so Kubernetes runAsNonRoot can verify it
        int userIndex = indexOf("USER");
        int entrypointIndex = indexOf("ENTRYPOINT");
        assertThat(userIndex).isLessThan(entrypointIndex);
    }

    @Test
    void exposesTheApplicationHttpPort() {
        assertThat(args("EXPOSE")).containsExactly(Integer.toString(DeployFiles.httpPort()));
    }

    @Test
    void copiesFastJarLayersLeastChangingFirstOwnedByTheRuntimeUser() {
        List<String> copies = args("COPY");
        List<String> sources = new ArrayList<>();
        for (String copy : copies) {
            assertThat(copy).startsWith("--chown=185");
            String[] parts = copy.split("\\s+");
            sources.add(parts[parts.length - 2]);
        }
        assertThat(sources)
                .containsExactly(
                        "target/quarkus-app/lib/",
                        "target/quarkus-app/*.jar",
                        "target/quarkus-app/app/",
                        "target/quarkus-app/quarkus/");
    }

    @Test
    void enablesNativeAccessForOnnxRuntimeAndAWritableTempDir() {
        String env = String.join(" ", args("ENV"));
        assertThat(env).contains("--enable-native-access=ALL-UNNAMED").contains("-Djava.io.tmpdir=/tmp");
        assertThat(env).contains("JAVA_APP_JAR=\"/deployments/quarkus-run.jar\"");
    }

    @Test
    void healthCheckProbesARealHealthEndpointOnTheExposedPort() {
        List<String> checks = args("HEALTHCHECK");
        assertThat(checks).hasSize(1);
        Matcher url = Pattern.compile("http://127\\.0\\.0\\.1:(\\d+)(/\\S+)").matcher(checks.get(0));
        assertThat(url.find()).isTrue();
        assertThat(Integer.parseInt(url.group(1))).isEqualTo(DeployFiles.httpPort());
        assertThat(url.group(2)).isIn(DeployFiles.PROBE_PATHS);
    }

    @Test
    void dockerignoreIsAWhitelistAdmittingExactlyTheCopiedLayers() {
        List<String> rules = DeployFiles.text(DeployFiles.DOCKERIGNORE)
                .lines()
                .map(String::strip)
                .filter(l -> !l.isEmpty() && !l.startsWith("#"))
                .toList();
        assertThat(rules.get(0)).isEqualTo("*");
        for (String sample : List.of(
                "target/quarkus-app/lib/main/io.quarkus.quarkus-core-3.37.3.jar",
                "target/quarkus-app/quarkus-run.jar",
                "target/quarkus-app/app/docent-0.1.0-SNAPSHOT.jar",
                "target/quarkus-app/quarkus/generated-bytecode.jar")) {
            assertThat(admitted(rules, sample)).as(sample).isTrue();
        }
        for (String sample : List.of(
                "src/main/java/dev/docent/Main.java",
                ".git/config",
                "target/classes/application.properties",
                "deploy/compose.yaml",
                "pom.xml")) {
            assertThat(admitted(rules, sample)).as(sample).isFalse();
        }
    }

    /** Docker's rule: the last matching pattern wins; "!" re-includes. */
    private static boolean admitted(List<String> rules, String path) {
        boolean included = true;
        for (String rule : rules) {
            boolean negate = rule.startsWith("!");
            String glob = negate ? rule.substring(1) : rule;
            var matcher = FileSystems.getDefault().getPathMatcher("glob:" + glob);
            if (matcher.matches(Path.of(path)) || (glob.equals("*"))) {
                included = negate;
            }
        }
        return included;
    }

    private int indexOf(String keyword) {
        int last = -1;
        for (int i = 0; i < instructions.size(); i++) {
            if (instructions.get(i)[0].equals(keyword)) {
                last = i;
            }
        }
        return last;
    }
}
