package dev.docent.ops.bench;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Drives the local stack that {@code ./docent} manages: the project-owned PostgreSQL cluster (functions of
 * deploy/local/postgres.sh) and the service process (the launcher itself). Same environment as the launcher:
 * DOCENT_ROOT, DOCENT_STATE_DIR, DOCENT_PG_PORT, DOCENT_PORT.
 */
final class LocalStack {
    private final Path root;

    LocalStack() {
        this.root = Path.of(System.getenv().getOrDefault("DOCENT_ROOT", ".")).toAbsolutePath();
    }

    /** True when the configured database is the launcher's local cluster (so we may stop and start it). */
    boolean ownsDatabase() {
        String url = System.getenv().getOrDefault("QUARKUS_DATASOURCE_JDBC_URL", "");
        String port = System.getenv().getOrDefault("DOCENT_PG_PORT", "54329");
        return url.startsWith("jdbc:postgresql://127.0.0.1:" + port + "/");
    }

    void stopDatabase() {
        bash("source deploy/local/postgres.sh && pg_find_server && pg_cluster_down", 90);
    }

    void startDatabase() {
        bash("source deploy/local/postgres.sh && pg_cluster_up", 120);
    }

    /** Starts the service with the launcher (it returns once /q/health/ready is UP) and returns its pid. */
    long startService() {
        bash("./docent up --detach", 300);
        return servicePid();
    }

    /**
     * Restarts the service, with an extra config file ({@code DOCENT_CONFIG}) or without; returns false when it did
     * not become ready (e.g. the file sets keys this build does not know).
     */
    boolean restartService(java.util.Optional<Path> extraConfig) {
        bash("./docent down", 120); // with QUARKUS_DATASOURCE_JDBC_URL set, this stops only the service
        String prefix = extraConfig.map(p -> "DOCENT_CONFIG='" + p + "' ").orElse("unset DOCENT_CONFIG; ");
        try {
            bash(prefix + "./docent up --detach", 300);
            return true;
        } catch (IllegalStateException e) {
            return false;
        }
    }

    long servicePid() {
        String stateDir =
                bash("source deploy/local/postgres.sh && pg_state_dir", 10).strip();
        try {
            return Long.parseLong(
                    Files.readString(Path.of(stateDir, "docent.pid")).strip());
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
    }

    private String bash(String script, int timeoutSeconds) {
        try {
            Path out = Files.createTempFile("docent-faults-", ".log");
            try {
                Process p = new ProcessBuilder(List.of("bash", "-c", "set -euo pipefail; " + script))
                        .directory(root.toFile())
                        .redirectErrorStream(true)
                        .redirectOutput(out.toFile())
                        .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                        .start();
                if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                    throw new IllegalStateException("timed out after " + timeoutSeconds + " s: " + script);
                }
                String output = Files.readString(out, StandardCharsets.UTF_8);
                if (p.exitValue() != 0) {
                    throw new IllegalStateException("failed (exit " + p.exitValue() + "): " + script + "\n" + output);
                }
                return output;
            } finally {
                Files.deleteIfExists(out);
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted: " + script, e);
        }
    }

    static URI serviceUrl() {
        return URI.create(System.getenv().getOrDefault("DOCENT_URL", "http://localhost:8080"));
    }
}
