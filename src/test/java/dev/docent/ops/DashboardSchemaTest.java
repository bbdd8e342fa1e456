package dev.docent.ops;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** deploy/grafana/docent.json is a loadable Grafana dashboard (the fields Grafana requires, consistent layout). */
class DashboardSchemaTest {
    private static final Set<String> PANEL_TYPES =
            Set.of("row", "timeseries", "stat", "gauge", "bargauge", "table", "text", "heatmap", "piechart");

    private final JsonNode dash = DeployFiles.json(DeployFiles.DASHBOARD);

    @Test
    void hasTheTopLevelFieldsGrafanaRequires() {
        assertThat(dash.path("title").asText()).isNotBlank();
        assertThat(dash.path("uid").asText()).matches("[a-zA-Z0-9_-]{1,40}");
        assertThat(dash.path("schemaVersion").isInt()).isTrue();
        assertThat(dash.path("schemaVersion").asInt()).isGreaterThanOrEqualTo(36);
        assertThat(dash.path("panels").isArray()).isTrue();
        assertThat(dash.path("time").path("from").asText()).isNotBlank();
        assertThat(dash.path("templating").path("list").isArray()).isTrue();
    }

    @Test
    void panelsHaveUniqueIdsValidGridAndPrometheusTargets() {
        Set<Integer> ids = new HashSet<>();
        for (JsonNode panel : dash.path("panels")) {
            String name = panel.path("title").asText();
            assertThat(panel.path("id").isInt()).as(name).isTrue();
            assertThat(ids.add(panel.path("id").asInt()))
                    .as("duplicate panel id " + panel.path("id"))
                    .isTrue();
            assertThat(panel.path("type").asText()).as(name).isIn(PANEL_TYPES);
            assertThat(name).isNotBlank();
            JsonNode grid = panel.path("gridPos");
            for (String f : new String[] {"x", "y", "w", "h"}) {
                assertThat(grid.path(f).isInt()).as(name + " gridPos." + f).isTrue();
            }
            assertThat(grid.path("x").asInt() + grid.path("w").asInt()).as(name).isLessThanOrEqualTo(24);
            if (panel.path("type").asText().equals("row")) {
                continue;
            }
            assertThat(panel.path("datasource").path("uid").asText()).as(name).isEqualTo("${datasource}");
            assertThat(panel.path("targets").size()).as(name).isPositive();
            Set<String> refIds = new HashSet<>();
            for (JsonNode target : panel.path("targets")) {
                assertThat(refIds.add(target.path("refId").asText()))
                        .as(name + " refId")
                        .isTrue();
                assertThat(target.path("expr").asText()).as(name).isNotBlank();
                assertThat(balanced(target.path("expr").asText()))
                        .as(target.path("expr").asText())
                        .isTrue();
                assertThat(DeployFiles.metricNames(target.path("expr").asText()))
                        .as(name)
                        .isNotEmpty();
            }
        }
    }

    @Test
    void panelsDoNotOverlap() {
        Set<String> cells = new HashSet<>();
        for (JsonNode panel : dash.path("panels")) {
            JsonNode g = panel.path("gridPos");
            for (int x = g.path("x").asInt();
                    x < g.path("x").asInt() + g.path("w").asInt();
                    x++) {
                for (int y = g.path("y").asInt();
                        y < g.path("y").asInt() + g.path("h").asInt();
                        y++) {
                    assertThat(cells.add(x + "," + y))
                            .as("overlap at " + x + "," + y + " by " + panel.path("title"))
                            .isTrue();
                }
            }
        }
    }

    @Test
    void datasourceIsAVariableSoTheDashboardImportsAnywhere() {
        boolean found = false;
        for (JsonNode v : dash.path("templating").path("list")) {
            if (v.path("name").asText().equals("datasource")) {
                assertThat(v.path("type").asText()).isEqualTo("datasource");
                assertThat(v.path("query").asText()).isEqualTo("prometheus");
                found = true;
            }
        }
        assertThat(found).isTrue();
    }

    @Test
    void promqlMetricNameExtractionIgnoresFunctionsLabelsAndRanges() {
        assertThat(DeployFiles.metricNames(
                        "histogram_quantile(0.95, sum by (le, uri) (rate(http_server_requests_seconds_bucket{job=~\"$job\","
                                + " uri=~\"/v1/.*\"}[$__rate_interval])))"))
                .containsExactly("http_server_requests_seconds_bucket");
        assertThat(DeployFiles.metricNames("sum(rate(a_total[5m])) / sum(rate(b_total{x=\"y\"}[1h]))"))
                .containsExactly("a_total", "b_total");
    }

    private static boolean balanced(String s) {
        int depth = 0;
        for (char c : s.toCharArray()) {
            if (c == '(' || c == '{' || c == '[') {
                depth++;
            } else if (c == ')' || c == '}' || c == ']') {
                depth--;
            }
            if (depth < 0) {
                return false;
            }
        }
        return depth == 0;
    }
}
