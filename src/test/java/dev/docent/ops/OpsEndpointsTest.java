package dev.docent.ops;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.docent.testsupport.PostgresTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.TreeSet;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

/**
 * The deployment files against the running application: probe paths answer 200, every environment variable
 * they set is a real config key, and every metric the dashboard queries is exposed by /q/metrics (or is in the
 * documented allow-list of metrics that appear only after a kind of traffic the test does not make).
 */
@QuarkusTest
@QuarkusTestResource(value = PostgresTestResource.class, restrictToAnnotatedClass = false)
class OpsEndpointsTest {

    /** Variables of the runtime base image (run-java.sh), not Quarkus config. */
    private static final Set<String> IMAGE_VARIABLES =
            Set.of("JAVA_OPTS_APPEND", "JAVA_MAX_MEM_RATIO", "JAVA_INITIAL_MEM_RATIO", "JAVA_APP_JAR", "LANGUAGE");

    @Test
    void everyProbePathInTheManifestsAnswers200() {
        Set<String> paths = new LinkedHashSet<>();
        JsonNode container = deploymentContainer();
        for (String probe : new String[] {"startupProbe", "readinessProbe", "livenessProbe"}) {
            paths.add(container.path(probe).path("httpGet").path("path").asText());
        }
        paths.add("/q/health/ready"); // Dockerfile HEALTHCHECK and compose healthcheck (checked in their tests)
        assertThat(paths).hasSize(3);
        for (String path : paths) {
            given().get(path).then().statusCode(200);
        }
    }

    @Test
    void everyEnvironmentVariableInComposeAndKubernetesIsARealConfigKey() {
        Set<String> known = knownEnvironmentNames();
        Set<String> used = new TreeSet<>();
        DeployFiles.yaml(DeployFiles.COMPOSE)
                .path("services")
                .path("docent")
                .path("environment")
                .fieldNames()
                .forEachRemaining(used::add);
        for (JsonNode o : DeployFiles.k8sObjects()) {
            if (o.path("kind").asText().equals("ConfigMap")
                    && o.path("metadata").path("name").asText().equals("docent-config")) {
                o.path("data").fieldNames().forEachRemaining(used::add);
            }
        }
        deploymentContainer().path("env").forEach(e -> used.add(e.path("name").asText()));
        // commented-out examples in compose.yaml are documentation too
        DeployFiles.text(DeployFiles.COMPOSE)
                .lines()
                .map(String::strip)
                .filter(l -> l.matches("#\\s*(QUARKUS|DOCENT)_[A-Z0-9_]+:.*"))
                .forEach(l -> used.add(l.replaceFirst("#\\s*", "").split(":")[0]));
        assertThat(used).contains("QUARKUS_DATASOURCE_JDBC_URL", "QUARKUS_OTEL_EXPORTER_OTLP_ENDPOINT");
        for (String name : used) {
            assertThat(known).as(name + " is not a Quarkus/Docent config key").contains(name);
        }
    }

    @Test
    void everyDashboardMetricIsExposedOrDocumentedAsTrafficDependent() throws IOException {
        makeTraffic();
        Set<String> scraped = scrapedMetricNames();
        Set<String> deferred = DeployFiles.documentedDeferredMetrics();
        assertThat(scraped)
                .contains(
                        "http_server_requests_seconds_bucket",
                        "docent_ingest_document_seconds_bucket",
                        "docent_search_seconds_bucket",
                        "docent_answer_seconds_bucket",
                        "agroal_active_count");
        for (String name : DeployFiles.dashboardMetricNames()) {
            assertThat(scraped.contains(name) || deferred.contains(name))
                    .as(name + " is queried by the dashboard but neither exposed by /q/metrics nor in the"
                            + " deferred-metrics allow-list of docs/operations.md")
                    .isTrue();
        }
    }

    @Test
    void requestIdIsEchoedOrGenerated() {
        given().header("X-Request-Id", "abc-123")
                .get("/v1/collections")
                .then()
                .statusCode(200)
                .header("X-Request-Id", "abc-123");
        String generated = given().header("X-Request-Id", "bad id with spaces {}")
                .get("/v1/collections")
                .then()
                .statusCode(200)
                .extract()
                .header("X-Request-Id");
        assertThat(generated).matches("[0-9a-f-]{36}");
    }

    private static void makeTraffic() throws IOException {
        String c = given().contentType("application/json")
                .body("{\"name\":\"ops-metrics-" + System.nanoTime() + "\"}")
                .post("/v1/collections")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        Path file = Files.createTempFile("ops-metrics", ".txt");
        file.toFile().deleteOnExit();
        Files.writeString(file, "Grafana reads Prometheus, which scrapes Docent every fifteen seconds.");
        int status = given().multiPart("file", file.toFile())
                .post("/v1/collections/{c}/documents?wait=true", c)
                .then()
                .extract()
                .statusCode();
        assertThat(status).isIn(200, 201, 202);
        given().contentType("application/json")
                .body("{\"query\":\"how often does Prometheus scrape\"}")
                .post("/v1/collections/{c}/search", c)
                .then()
                .statusCode(200);
        given().contentType("application/json")
                .body("{\"question\":\"How often does Prometheus scrape Docent?\"}")
                .post("/v1/collections/{c}/answers", c)
                .then()
                .statusCode(200);
    }

    private static Set<String> scrapedMetricNames() {
        String body = given().get("/q/metrics").then().statusCode(200).extract().asString();
        Set<String> names = new TreeSet<>();
        body.lines().filter(l -> !l.isBlank() && !l.startsWith("#")).forEach(l -> {
            int end = l.indexOf('{');
            if (end < 0) {
                end = l.indexOf(' ');
            }
            names.add(l.substring(0, end));
        });
        return names;
    }

    private static JsonNode deploymentContainer() {
        return DeployFiles.k8sObjects().stream()
                .filter(o -> o.path("kind").asText().equals("Deployment"))
                .findFirst()
                .orElseThrow()
                .path("spec")
                .path("template")
                .path("spec")
                .path("containers")
                .get(0);
    }

    /** Env names of every config property: the running config's names plus every extension's documented keys. */
    private static Set<String> knownEnvironmentNames() {
        Set<String> names = new TreeSet<>(IMAGE_VARIABLES);
        for (String property : ConfigProvider.getConfig().getPropertyNames()) {
            String p = property.startsWith("%") ? property.substring(property.indexOf('.') + 1) : property;
            names.add(toEnv(p));
        }
        ObjectMapper json = new ObjectMapper();
        try {
            Enumeration<URL> models = Thread.currentThread()
                    .getContextClassLoader()
                    .getResources("META-INF/quarkus-config-doc/quarkus-config-model.json");
            while (models.hasMoreElements()) {
                try (InputStream in = models.nextElement().openStream()) {
                    json.readTree(in).findValues("environmentVariable").forEach(v -> names.add(v.asText()));
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return names;
    }

    /** MicroProfile Config's environment variable form of a property name. */
    static String toEnv(String property) {
        StringBuilder sb = new StringBuilder();
        for (char ch : property.toCharArray()) {
            sb.append(Character.isLetterOrDigit(ch) ? Character.toUpperCase(ch) : '_');
        }
        return sb.toString();
    }
}
