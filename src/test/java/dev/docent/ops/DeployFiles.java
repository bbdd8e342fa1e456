package dev.docent.ops;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** Reads the deployment files of the repository (tests run from the project root) and the facts they must match. */
final class DeployFiles {
    static final Path DOCKERFILE = Path.of("src/main/docker/Dockerfile.jvm");
    static final Path DOCKERIGNORE = Path.of(".dockerignore");
    static final Path COMPOSE = Path.of("deploy/compose.yaml");
    static final Path PROMETHEUS = Path.of("deploy/prometheus/prometheus.yml");
    static final Path DASHBOARD = Path.of("deploy/grafana/docent.json");
    static final Path GRAFANA_PROVISIONING = Path.of("deploy/grafana/provisioning");
    static final Path K8S = Path.of("deploy/k8s");
    static final Path OPERATIONS_DOC = Path.of("docs/operations.md");
    static final Path APPLICATION_PROPERTIES = Path.of("src/main/resources/application.properties");

    /** Health endpoints that Quarkus SmallRye Health serves. */
    static final Set<String> PROBE_PATHS = Set.of("/q/health/started", "/q/health/ready", "/q/health/live");

    private static final ObjectMapper YAML = new YAMLMapper();
    private static final ObjectMapper JSON = new ObjectMapper();

    private DeployFiles() {}

    static JsonNode yaml(Path file) {
        try {
            return YAML.readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(file + " is not valid YAML", e);
        }
    }

    static List<JsonNode> yamlDocuments(Path file) {
        try (var parser = new YAMLFactory().createParser(file.toFile())) {
            List<JsonNode> docs = new ArrayList<>();
            var it = YAML.readValues(parser, JsonNode.class);
            while (it.hasNext()) {
                JsonNode doc = it.next();
                if (doc != null && !doc.isNull() && !doc.isMissingNode()) {
                    docs.add(doc);
                }
            }
            return docs;
        } catch (IOException e) {
            throw new UncheckedIOException(file + " is not valid YAML", e);
        }
    }

    static JsonNode json(Path file) {
        try {
            return JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(file + " is not valid JSON", e);
        }
    }

    static String text(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every Kubernetes manifest under deploy/k8s (all documents of all YAML files except kustomizations). */
    static List<JsonNode> k8sObjects() {
        try (Stream<Path> files = Files.walk(K8S)) {
            return files.filter(
                            p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml"))
                    .filter(p -> !p.getFileName().toString().startsWith("kustomization"))
                    .sorted()
                    .flatMap(p -> yamlDocuments(p).stream())
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<Path> kustomizations() {
        try (Stream<Path> files = Files.walk(K8S)) {
            return files.filter(p -> p.getFileName().toString().equals("kustomization.yaml"))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Properties applicationProperties() {
        Properties p = new Properties();
        try (var in = Files.newBufferedReader(APPLICATION_PROPERTIES)) {
            p.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return p;
    }

    /** {@code quarkus.http.port} of the prod profile (what the container runs). */
    static int httpPort() {
        Properties p = applicationProperties();
        return Integer.parseInt(p.getProperty("%prod.quarkus.http.port", p.getProperty("quarkus.http.port", "8080")));
    }

    static Duration prodDuration(String key, Duration fallback) {
        Properties p = applicationProperties();
        String v = p.getProperty("%prod." + key, p.getProperty(key));
        if (v == null) {
            return fallback;
        }
        return v.startsWith("P") ? Duration.parse(v) : Duration.parse("PT" + v.toUpperCase());
    }

    /** Dockerfile instructions with line continuations joined: [KEYWORD, arguments]. */
    static List<String[]> dockerInstructions() {
        List<String[]> out = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String raw : text(DOCKERFILE).split("\n")) {
            String line = raw.strip();
            if (current.isEmpty() && (line.isEmpty() || line.startsWith("#"))) {
                continue;
            }
            if (line.startsWith("#")) {
                continue;
            }
            if (line.endsWith("\\")) {
                current.append(line, 0, line.length() - 1).append(' ');
                continue;
            }
            current.append(line);
            String joined = current.toString().strip();
            current.setLength(0);
            int space = joined.indexOf(' ');
            out.add(new String[] {
                joined.substring(0, space).toUpperCase(),
                joined.substring(space + 1).strip()
            });
        }
        return out;
    }

    /** Names listed in the documented allow-list of docs/operations.md (metrics that appear only after traffic). */
    static Set<String> documentedDeferredMetrics() {
        String doc = text(OPERATIONS_DOC);
        Matcher m = Pattern.compile("<!-- deferred-metrics:start -->(.*?)<!-- deferred-metrics:end -->", Pattern.DOTALL)
                .matcher(doc);
        if (!m.find()) {
            throw new AssertionError("docs/operations.md has no deferred-metrics allow-list block");
        }
        Set<String> names = new LinkedHashSet<>();
        Matcher name = Pattern.compile("^\\s*[-*]\\s+`([a-zA-Z_:][a-zA-Z0-9_:]*)`", Pattern.MULTILINE)
                .matcher(m.group(1));
        while (name.find()) {
            names.add(name.group(1));
        }
        return names;
    }

    private static final Set<String> PROMQL_WORDS = Set.of(
            "by",
            "without",
            "on",
            "ignoring",
            "group_left",
            "group_right",
            "bool",
            "offset",
            "and",
            "or",
            "unless",
            "inf",
            "nan");
    private static final Pattern IDENT = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");

    /** Metric names referenced by a PromQL expression (functions, keywords, labels, ranges and strings removed). */
    static Set<String> metricNames(String expr) {
        String s = expr.replaceAll("\"(\\\\.|[^\"\\\\])*\"", " ")
                .replaceAll("\\{[^}]*}", " ")
                .replaceAll("\\[[^]]*]", " ")
                .replaceAll("\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)", " ")
                .replaceAll("\\$\\w+", " ");
        Set<String> names = new LinkedHashSet<>();
        Matcher m = IDENT.matcher(s);
        while (m.find()) {
            String token = m.group();
            int next = m.end();
            while (next < s.length() && Character.isWhitespace(s.charAt(next))) {
                next++;
            }
            boolean isCall = next < s.length() && s.charAt(next) == '(';
            boolean partOfNumber = m.start() > 0 && Character.isDigit(s.charAt(m.start() - 1));
            if (!isCall && !partOfNumber && !PROMQL_WORDS.contains(token.toLowerCase())) {
                names.add(token);
            }
        }
        return names;
    }

    /** Every PromQL expression of the dashboard (panel targets and templating queries). */
    static List<String> dashboardExpressions() {
        JsonNode dash = json(DASHBOARD);
        List<String> exprs = new ArrayList<>();
        for (JsonNode panel : dash.path("panels")) {
            for (JsonNode target : panel.path("targets")) {
                exprs.add(target.path("expr").asText());
            }
        }
        return exprs;
    }

    static Set<String> dashboardMetricNames() {
        Set<String> names = new LinkedHashSet<>();
        dashboardExpressions().forEach(e -> names.addAll(metricNames(e)));
        Matcher variable = Pattern.compile("label_values\\(([a-zA-Z_:][a-zA-Z0-9_:]*)")
                .matcher(json(DASHBOARD).path("templating").toString());
        while (variable.find()) {
            names.add(variable.group(1));
        }
        return names;
    }
}
