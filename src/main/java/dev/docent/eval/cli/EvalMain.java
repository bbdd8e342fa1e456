package dev.docent.eval.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Entry point of {@code ./docent eval}: detects the dataset format, runs it against a Docent server, writes
 * the reports, prints the summary and applies the gate. Exit codes: 0 ok, 1 gate failed, 2 anything else (a usage
 * error, bad input, a harness or server error), so a CI job can tell a regression from a broken run. Options, the
 * baseline and the output folder are checked before anything is ingested.
 */
public final class EvalMain {
    /** Exit code of a run that measured and passed (or had no gate). */
    static final int OK = 0;
    /** Exit code of a run whose gate failed: quality regressed. */
    static final int GATE_FAILED = 1;
    /** Exit code of everything else: usage, input, harness or server errors. */
    static final int ERROR = 2;

    private EvalMain() {}

    public static void main(String[] args) {
        int code;
        try {
            code = run(args);
        } catch (RuntimeException e) {
            System.err.println("docent eval: " + message(e));
            code = ERROR;
        }
        System.exit(code);
    }

    /**
     * What went wrong, for a person: the messages of the cause chain (no stack trace); a missing file reads
     * "no such file or directory: PATH".
     */
    static String message(Throwable e) {
        StringBuilder out = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            String part = t instanceof NoSuchFileException nf
                    ? "no such file or directory: " + nf.getFile()
                    : t instanceof java.nio.file.AccessDeniedException ad
                            ? "permission denied: " + ad.getFile()
                            : t.getMessage();
            if (part == null || part.isBlank()) {
                part = t == e ? "internal error (" + t.getClass().getSimpleName() + ")" : null;
            }
            if (part != null && !out.toString().contains(part)) {
                out.append(out.isEmpty() ? "" : ": ").append(part);
            }
        }
        return out.toString();
    }

    static int run(String[] args) {
        EvalOptions options = EvalOptions.parse(args);
        Gate.Baseline baseline = options.gate() == null ? null : Gate.load(options.gate());
        prepareOut(options.out());
        DatasetEvaluator evaluator = evaluator(options);
        Instant started = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        String datasetSha256 = DatasetHash.sha256(evaluator.inputs(options.dataset()));

        DocentClient client = new DocentClient(options.server(), options.apiKey());
        ServerIdentity server = ServerIdentity.of(client.info());
        if (server.fingerprint() == null) {
            System.err.println("docent eval: warning: the server has no /v1/info (older than this client): its"
                    + " ingestion settings are unknown, so a collection ingested under other settings may be reused");
        }
        Report report;
        List<String> collectionNames;
        try (EvalCollections collections = new EvalCollections(client, server.fingerprint(), options.fresh())) {
            report = evaluator.evaluate(client, options, collections);
            collectionNames = collections.names();
        }
        report = report.withProvenance(provenance(options, started, datasetSha256, server, collectionNames));
        ReportWriter.write(report, options.out());
        System.out.println(ReportWriter.markdown(report));
        System.out.println("reports: " + options.out().toAbsolutePath());
        if (baseline == null) {
            return OK;
        }
        List<Gate.Check> checks = Gate.check(baseline, report.flat());
        checks.forEach(c -> System.out.println("gate " + c.describe()));
        boolean passed = checks.stream().allMatch(Gate.Check::passed);
        System.out.println(passed ? "gate: PASSED" : "gate: FAILED");
        return passed ? OK : GATE_FAILED;
    }

    private static Map<String, Object> provenance(
            EvalOptions options,
            Instant started,
            String datasetSha256,
            ServerIdentity server,
            List<String> collections) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("started_at", started.toString());
        p.put("dataset_path", options.dataset().toAbsolutePath().normalize().toString());
        p.put("dataset_sha256", datasetSha256);
        p.put("commit", commit());
        p.put("server", server.describe(options.server()));
        p.put("collections", collections);
        p.put("fresh", options.fresh());
        return p;
    }

    /** The commit of the code under test, as the launcher passes it ({@code -Ddocent.eval.commit}); else null. */
    static String commit() {
        String commit = System.getProperty("docent.eval.commit", System.getenv("DOCENT_EVAL_COMMIT"));
        return commit == null || commit.isBlank() ? null : commit.strip();
    }

    /** Creates the output folder and proves it writable before the run, not after hours of it. */
    static void prepareOut(Path out) {
        try {
            Files.createDirectories(out);
            Path probe = Files.createTempFile(out, ".write-check", ".tmp");
            Files.delete(probe);
        } catch (IOException e) {
            throw new EvalException("cannot write to --out " + out + ": " + message(e));
        }
    }

    static DatasetEvaluator evaluator(EvalOptions options) {
        var path = options.dataset();
        String name = path.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
        if (Files.isDirectory(path) && Files.isRegularFile(path.resolve("corpus.jsonl"))) {
            return new BeirEvaluator();
        }
        if (name.endsWith(".json")) {
            return new SquadEvaluator();
        }
        if (name.endsWith(".yaml") || name.endsWith(".yml")) {
            return new GoldenSetEvaluator();
        }
        if (Files.isDirectory(path)) {
            try (var files = Files.list(path)) {
                var json = files.filter(f -> f.toString().endsWith(".json"))
                        .sorted()
                        .findFirst();
                if (json.isPresent()) {
                    return new SquadEvaluator();
                }
            } catch (java.io.IOException e) {
                throw new EvalException("cannot list " + path + ": " + message(e));
            }
        }
        throw new EvalException("cannot tell the format of " + path
                + " (a BEIR folder with corpus.jsonl, a SQuAD .json or a folder holding one, or a golden-set .yaml)\n"
                + EvalOptions.USAGE);
    }
}
