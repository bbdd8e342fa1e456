package dev.docent.ops;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** deploy/compose.yaml, the Prometheus scrape config and the Grafana provisioning agree with each other and the app. */
class ComposeContractTest {

    private final JsonNode compose = DeployFiles.yaml(DeployFiles.COMPOSE);
    private final JsonNode services = compose.path("services");

    @Test
    void runsPgvectorPostgresDocentPrometheusAndGrafana() {
        assertThat(services.fieldNames()).toIterable().contains("postgres", "docent", "prometheus", "grafana");
        assertThat(services.path("postgres").path("image").asText()).isEqualTo("pgvector/pgvector:pg17");
        assertThat(services.path("docent")
                        .path("depends_on")
                        .path("postgres")
                        .path("condition")
                        .asText())
                .isEqualTo("service_healthy");
        for (String name : List.of("prometheus", "grafana")) {
            assertThat(services.path(name).path("image").asText())
                    .as(name)
                    .contains(":")
                    .doesNotEndWith(":latest");
        }
    }

    @Test
    void docentPublishesTheApplicationPortAndHealthChecksAProbe() {
        JsonNode docent = services.path("docent");
        int port = DeployFiles.httpPort();
        List<String> ports = new ArrayList<>();
        docent.path("ports").forEach(p -> ports.add(p.asText()));
        assertThat(ports).anySatisfy(p -> assertThat(p).endsWith(":" + port));
        String check = docent.path("healthcheck").path("test").toString();
        assertThat(check).contains("http://127.0.0.1:" + port + "/q/health/ready");
        assertThat(docent.path("environment").path("QUARKUS_HTTP_PORT").asText())
                .isEqualTo(Integer.toString(port));
    }

    @Test
    void docentDatabaseUrlPointsAtTheComposePostgres() {
        JsonNode env = services.path("docent").path("environment");
        String db = services.path("postgres")
                .path("environment")
                .path("POSTGRES_DB")
                .asText();
        assertThat(env.path("QUARKUS_DATASOURCE_JDBC_URL").asText()).isEqualTo("jdbc:postgresql://postgres:5432/" + db);
        assertThat(env.path("QUARKUS_DATASOURCE_USERNAME").asText())
                .isEqualTo(services.path("postgres")
                        .path("environment")
                        .path("POSTGRES_USER")
                        .asText());
    }

    @Test
    void prometheusScrapesDocentMetricsEndpoint() {
        JsonNode prom = DeployFiles.yaml(DeployFiles.PROMETHEUS);
        JsonNode job = null;
        for (JsonNode j : prom.path("scrape_configs")) {
            if (j.path("job_name").asText().equals("docent")) {
                job = j;
            }
        }
        assertThat(job).isNotNull();
        assertThat(job.path("metrics_path").asText()).isEqualTo("/q/metrics");
        assertThat(job.path("static_configs").get(0).path("targets").get(0).asText())
                .isEqualTo("docent:" + DeployFiles.httpPort());
    }

    @Test
    void mountedConfigFilesExistAndGrafanaIsProvisionedWithTheDashboard() {
        for (String name : List.of("prometheus", "grafana")) {
            for (JsonNode volume : services.path(name).path("volumes")) {
                String source = volume.asText().split(":")[0];
                if (source.startsWith("./")) {
                    assertThat(Path.of("deploy").resolve(source.substring(2)))
                            .as(name + " mount " + source)
                            .exists();
                }
            }
        }
        JsonNode datasources =
                DeployFiles.yaml(DeployFiles.GRAFANA_PROVISIONING.resolve("datasources/prometheus.yaml"));
        JsonNode ds = datasources.path("datasources").get(0);
        assertThat(ds.path("type").asText()).isEqualTo("prometheus");
        assertThat(ds.path("url").asText()).isEqualTo("http://prometheus:9090");
        JsonNode dashboards = DeployFiles.yaml(DeployFiles.GRAFANA_PROVISIONING.resolve("dashboards/docent.yaml"));
        String path =
                dashboards.path("providers").get(0).path("options").path("path").asText();
        List<String> grafanaMounts = new ArrayList<>();
        services.path("grafana").path("volumes").forEach(v -> grafanaMounts.add(v.asText()));
        assertThat(grafanaMounts).contains("./grafana/docent.json:" + path + "/docent.json:ro");
        assertThat(Files.exists(DeployFiles.DASHBOARD)).isTrue();
    }
}
