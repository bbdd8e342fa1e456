package dev.docent.testsupport;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.jboss.logging.Logger;

/**
 * Real PostgreSQL with pgvector for {@code @QuarkusTest} classes.
 *
 * <p>Use with {@code @QuarkusTestResource(value = PostgresTestResource.class, restrictToAnnotatedClass = false)}.
 * The database is chosen in this order:
 *
 * <ol>
 *   <li>{@code DOCENT_TEST_JDBC_URL} (+ {@code DOCENT_TEST_DB_USER} / {@code DOCENT_TEST_DB_PASSWORD}): an external
 *       database, used as is;
 *   <li>a {@code pgvector/pgvector:pg17} container when Testcontainers finds a Docker engine;
 *   <li>a throwaway cluster started from the PostgreSQL server binaries installed on this machine ({@code ./docent
 *       test} installs them and pgvector when missing).
 * </ol>
 *
 * <p>One database per JVM: started lazily by the first test class and reused by every other one; a shutdown hook
 * stops it and deletes its files.
 */
public class PostgresTestResource implements QuarkusTestResourceLifecycleManager {

    private static final Logger LOG = Logger.getLogger(PostgresTestResource.class);
    private static final String DB = "docent";
    private static final String USER = "docent";
    private static final String CONTAINER_IMAGE = "pgvector/pgvector:pg17";

    private static Map<String, String> config;

    @Override
    public Map<String, String> start() {
        return database();
    }

    @Override
    public void stop() {
        // Shared by all test classes of the JVM; released by the shutdown hook.
    }

    private static synchronized Map<String, String> database() {
        if (config == null) {
            config = startDatabase();
        }
        return config;
    }

    private static Map<String, String> startDatabase() {
        String url = System.getenv("DOCENT_TEST_JDBC_URL");
        if (url != null && !url.isBlank()) {
            String user = envOr("DOCENT_TEST_DB_USER", USER);
            String password = envOr("DOCENT_TEST_DB_PASSWORD", "");
            LOG.infof("PostgresTestResource: using external database %s (DOCENT_TEST_JDBC_URL)", url);
            return datasource(url, user, password);
        }
        if (dockerAvailable()) {
            return startContainer();
        }
        return LocalCluster.start();
    }

    private static Map<String, String> datasource(String url, String user, String password) {
        return Map.of(
                "quarkus.datasource.jdbc.url", url,
                "quarkus.datasource.username", user,
                "quarkus.datasource.password", password);
    }

    private static String envOr(String name, String fallback) {
        String value = System.getenv(name);
        return value == null ? fallback : value;
    }

    private static boolean dockerAvailable() {
        try {
            return org.testcontainers.DockerClientFactory.instance().isDockerAvailable();
        } catch (Throwable e) {
            LOG.debugf(e, "Testcontainers: Docker check failed");
            return false;
        }
    }

    private static Map<String, String> startContainer() {
        LOG.infof("PostgresTestResource: Docker available, starting container %s", CONTAINER_IMAGE);
        var container = new org.testcontainers.postgresql.PostgreSQLContainer(
                        org.testcontainers.utility.DockerImageName.parse(CONTAINER_IMAGE)
                                .asCompatibleSubstituteFor("postgres"))
                .withDatabaseName(DB)
                .withUsername(USER)
                .withPassword(USER);
        container.start();
        Runtime.getRuntime().addShutdownHook(new Thread(container::stop, "docent-test-postgres-container-stop"));
        createVectorExtension(container.getJdbcUrl(), container.getUsername(), container.getPassword());
        return datasource(container.getJdbcUrl(), container.getUsername(), container.getPassword());
    }

    private static void createVectorExtension(String url, String user, String password) {
        try (Connection c = DriverManager.getConnection(url, user, password);
                Statement s = c.createStatement()) {
            s.execute("CREATE EXTENSION IF NOT EXISTS vector");
        } catch (SQLException e) {
            throw new IllegalStateException(
                    "Cannot create extension vector in " + url
                            + ". pgvector is missing: run ./docent test once to install it ("
                            + e.getMessage() + ")",
                    e);
        }
    }

    /** Throwaway cluster from the system PostgreSQL binaries (initdb/pg_ctl), run as "postgres" when we are root. */
    static final class LocalCluster {

        private LocalCluster() {}

        static Map<String, String> start() {
            Path bin = findBinDir();
            boolean root = isRoot();
            Path dir;
            try {
                dir = Files.createTempDirectory("docent-test-pg-");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            Path data = dir.resolve("data");
            int port = freePort();
            LOG.infof(
                    "PostgresTestResource: no Docker, starting a throwaway cluster from %s on 127.0.0.1:%d (%s)%s",
                    bin, port, dir, root ? " as user postgres" : "");
            Runtime.getRuntime()
                    .addShutdownHook(new Thread(() -> stop(bin, dir, data, root), "docent-test-postgres-stop"));
            if (root) {
                run(dir, root, "chown", "-R", "postgres:", dir.toString());
            }
            run(
                    dir,
                    root,
                    bin.resolve("initdb").toString(),
                    "-D",
                    data.toString(),
                    "-A",
                    "trust",
                    "-U",
                    USER,
                    "-N",
                    "-E",
                    "UTF8",
                    "--no-locale");
            run(
                    dir,
                    root,
                    bin.resolve("pg_ctl").toString(),
                    "-D",
                    data.toString(),
                    "-l",
                    dir.resolve("server.log").toString(),
                    "-w",
                    "-t",
                    "60",
                    "-o",
                    "-p " + port + " -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off"
                            + " -c full_page_writes=off -c unix_socket_directories=" + dir,
                    "start");
            String base = "jdbc:postgresql://127.0.0.1:" + port + "/";
            try (Connection c = DriverManager.getConnection(base + "postgres", USER, "");
                    Statement s = c.createStatement()) {
                s.execute("CREATE DATABASE " + DB);
            } catch (SQLException e) {
                throw new IllegalStateException("Cannot create database " + DB + " in the test cluster", e);
            }
            createVectorExtension(base + DB, USER, "");
            return datasource(base + DB, USER, USER);
        }

        private static void stop(Path bin, Path dir, Path data, boolean root) {
            try {
                if (Files.exists(data.resolve("postmaster.pid"))) {
                    run(
                            dir,
                            root,
                            bin.resolve("pg_ctl").toString(),
                            "-D",
                            data.toString(),
                            "-m",
                            "immediate",
                            "-w",
                            "stop");
                }
            } catch (RuntimeException e) {
                System.err.println("PostgresTestResource: pg_ctl stop failed: " + e.getMessage());
            }
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException e) {
                System.err.println("PostgresTestResource: could not delete " + dir + ": " + e.getMessage());
            }
        }

        /** Newest /usr/lib/postgresql/N/bin with initdb and pg_ctl, else {@code pg_config --bindir}. */
        private static Path findBinDir() {
            List<Path> candidates = new ArrayList<>();
            Path debian = Paths.get("/usr/lib/postgresql");
            if (Files.isDirectory(debian)) {
                try (Stream<Path> versions = Files.list(debian)) {
                    versions.filter(p -> p.getFileName().toString().matches("\\d+"))
                            .sorted(Comparator.comparingInt((Path p) ->
                                            Integer.parseInt(p.getFileName().toString()))
                                    .reversed())
                            .map(p -> p.resolve("bin"))
                            .forEach(candidates::add);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
            try {
                Process p = new ProcessBuilder("pg_config", "--bindir")
                        .redirectErrorStream(true)
                        .start();
                String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
                if (p.waitFor() == 0 && !out.isEmpty()) {
                    candidates.add(Paths.get(out));
                }
            } catch (IOException e) {
                // no pg_config on PATH
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return candidates.stream()
                    .filter(b -> Files.isExecutable(b.resolve("initdb")) && Files.isExecutable(b.resolve("pg_ctl")))
                    .findFirst()
                    .orElseThrow(() -> new IllegalStateException("No Docker and no PostgreSQL server binaries"
                            + " (initdb/pg_ctl) found in /usr/lib/postgresql/*/bin or via pg_config."
                            + " Run ./docent test to install PostgreSQL and pgvector,"
                            + " or set DOCENT_TEST_JDBC_URL to an existing database with pgvector."));
        }

        private static boolean isRoot() {
            return "root".equals(System.getProperty("user.name"));
        }

        private static int freePort() {
            try (ServerSocket socket = new ServerSocket(0)) {
                socket.setReuseAddress(true);
                return socket.getLocalPort();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        private static void run(Path workDir, boolean asPostgres, String... command) {
            List<String> cmd = new ArrayList<>();
            if (asPostgres && !"chown".equals(command[0])) {
                cmd.addAll(List.of("runuser", "-u", "postgres", "--"));
            }
            cmd.addAll(List.of(command));
            try {
                Path out = Files.createTempFile("docent-test-pg-cmd-", ".log");
                out.toFile().deleteOnExit();
                try {
                    Process p = new ProcessBuilder(cmd)
                            .directory(workDir.toFile())
                            .redirectErrorStream(true)
                            .redirectOutput(out.toFile())
                            .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                            .start();
                    if (!p.waitFor(120, TimeUnit.SECONDS)) {
                        p.destroyForcibly();
                        throw new IllegalStateException("Timed out: " + String.join(" ", cmd));
                    }
                    if (p.exitValue() != 0) {
                        throw new IllegalStateException("Failed (exit " + p.exitValue() + "): " + String.join(" ", cmd)
                                + "\n" + Files.readString(out));
                    }
                } finally {
                    Files.deleteIfExists(out);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted: " + String.join(" ", cmd), e);
            }
        }
    }
}
