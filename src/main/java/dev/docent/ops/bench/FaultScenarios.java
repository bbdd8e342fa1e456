package dev.docent.ops.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * {@code ./docent faults [db-outage|kill9-ingest|llm-failover]}: scripted fault scenarios against the local stack.
 * Each prints a PASS/FAIL/SKIP line; the last line is one JSON object with every scenario's figures and verdict.
 * Exit status 0 when no scenario failed.
 */
public final class FaultScenarios {

    /** One scenario: its JSON result holds "pass" (true, false, or null when skipped) and its figures. */
    interface Scenario {
        ObjectNode run() throws Exception;
    }

    private FaultScenarios() {}

    public static void main(String[] args) throws Exception {
        BenchHttp http = BenchHttp.fromEnvironment(Duration.ofSeconds(60));
        LocalStack stack = new LocalStack();
        Map<String, Supplier<Scenario>> all = new LinkedHashMap<>();
        all.put("db-outage", () -> new DatabaseOutageScenario(http, stack));
        all.put("kill9-ingest", () -> new KillDuringIngestScenario(http, stack));
        all.put("llm-failover", () -> new LlmFailoverScenario(http, stack));
        List<String> selected = args.length == 0 ? List.copyOf(all.keySet()) : List.of(args);
        for (String name : selected) {
            if (!all.containsKey(name)) {
                System.err.println("unknown scenario " + name + " (" + String.join(", ", all.keySet()) + ")");
                System.exit(2);
            }
        }
        ObjectNode summary = BenchHttp.JSON.createObjectNode();
        ObjectNode results = summary.putObject("scenarios");
        boolean failed = false;
        for (String name : selected) {
            System.out.println("== " + name);
            ObjectNode result;
            try {
                result = all.get(name).get().run();
            } catch (Exception | AssertionError e) {
                result = BenchHttp.JSON.createObjectNode().put("pass", false).put("error", String.valueOf(e));
            }
            results.set(name, result);
            String verdict =
                    result.path("pass").isNull() ? "SKIP" : result.path("pass").asBoolean() ? "PASS" : "FAIL";
            failed |= verdict.equals("FAIL");
            System.out.println(verdict + " " + name + " " + result);
        }
        summary.put("pass", !failed);
        System.out.println(summary);
        System.exit(failed ? 1 : 0);
    }
}
