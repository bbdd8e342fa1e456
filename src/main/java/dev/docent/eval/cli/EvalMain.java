package dev.docent.eval.cli;

import java.nio.file.Files;
import java.util.List;

/**
 * Entry point of {@code ./docent eval}: detects the dataset format, runs it against a Docent server, writes
 * the reports, prints the summary and applies the gate. Exit codes: 0 ok, 1 gate failed, 2 usage or run error.
 */
public final class EvalMain {
    private EvalMain() {}

    public static void main(String[] args) {
        try {
            System.exit(run(args));
        } catch (EvalException e) {
            System.err.println("docent eval: " + e.getMessage());
            System.exit(2);
        }
    }

    static int run(String[] args) {
        EvalOptions options = EvalOptions.parse(args);
        DocentClient client = new DocentClient(options.server(), options.apiKey());
        Report report = evaluator(options).evaluate(client, options);
        ReportWriter.write(report, options.out());
        System.out.println(ReportWriter.markdown(report));
        System.out.println("reports: " + options.out().toAbsolutePath());
        if (options.gate() == null) {
            return 0;
        }
        List<Gate.Check> checks = Gate.check(options.gate(), report.flat());
        checks.forEach(c -> System.out.println("gate " + c.describe()));
        boolean passed = checks.stream().allMatch(Gate.Check::passed);
        System.out.println(passed ? "gate: PASSED" : "gate: FAILED");
        return passed ? 0 : 1;
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
                throw new EvalException("cannot list " + path);
            }
        }
        throw new EvalException("cannot tell the format of " + path + "\n" + EvalOptions.USAGE);
    }
}
