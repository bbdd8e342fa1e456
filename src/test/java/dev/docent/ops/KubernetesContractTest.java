package dev.docent.ops;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** deploy/k8s: the objects reference each other correctly and match the application (ports, probes, shutdown). */
class KubernetesContractTest {

    private final List<JsonNode> objects = DeployFiles.k8sObjects();

    private JsonNode one(String kind, String name) {
        return objects.stream()
                .filter(o -> o.path("kind").asText().equals(kind))
                .filter(o -> o.path("metadata").path("name").asText().equals(name))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no " + kind + " " + name + " under deploy/k8s"));
    }

    private JsonNode deployment() {
        return one("Deployment", "docent");
    }

    private JsonNode container() {
        return deployment()
                .path("spec")
                .path("template")
                .path("spec")
                .path("containers")
                .get(0);
    }

    @Test
    void everyObjectHasApiVersionKindAndName() {
        assertThat(objects).hasSizeGreaterThanOrEqualTo(8);
        for (JsonNode o : objects) {
            assertThat(o.path("apiVersion").asText()).as(o.toString()).isNotBlank();
            assertThat(o.path("kind").asText()).as(o.toString()).isNotBlank();
            assertThat(o.path("metadata").path("name").asText())
                    .as(o.toString())
                    .isNotBlank();
        }
    }

    @Test
    void kustomizationsReferenceExistingFilesAndBases() {
        List<Path> kustomizations = DeployFiles.kustomizations();
        assertThat(kustomizations)
                .extracting(Path::toString)
                .contains(
                        "deploy/k8s/base/kustomization.yaml",
                        "deploy/k8s/overlays/dev/kustomization.yaml",
                        "deploy/k8s/overlays/prod/kustomization.yaml");
        for (Path k : kustomizations) {
            JsonNode doc = DeployFiles.yaml(k);
            for (JsonNode resource : doc.path("resources")) {
                assertThat(k.getParent().resolve(resource.asText()))
                        .as(k + " -> " + resource)
                        .exists();
            }
            for (JsonNode patch : doc.path("patches")) {
                if (patch.has("path")) {
                    assertThat(k.getParent().resolve(patch.path("path").asText()))
                            .exists();
                }
            }
        }
    }

    @Test
    void containerPortIsTheApplicationPortAndServiceTargetsIt() {
        JsonNode port = container().path("ports").get(0);
        assertThat(port.path("containerPort").asInt()).isEqualTo(DeployFiles.httpPort());
        String portName = port.path("name").asText();
        JsonNode service = one("Service", "docent");
        assertThat(service.path("spec").path("ports").get(0).path("targetPort").asText())
                .isIn(portName, Integer.toString(DeployFiles.httpPort()));
        assertThat(service.path("spec").path("selector"))
                .isEqualTo(deployment()
                        .path("spec")
                        .path("template")
                        .path("metadata")
                        .path("labels"));
    }

    @Test
    void probesUseTheQuarkusHealthGroupsOnTheHttpPort() {
        JsonNode c = container();
        Map<String, String> expected = Map.of(
                "startupProbe", "/q/health/started",
                "readinessProbe", "/q/health/ready",
                "livenessProbe", "/q/health/live");
        String portName = c.path("ports").get(0).path("name").asText();
        expected.forEach((probe, path) -> {
            JsonNode get = c.path(probe).path("httpGet");
            assertThat(get.path("path").asText()).as(probe).isEqualTo(path);
            assertThat(get.path("port").asText()).as(probe).isIn(portName, Integer.toString(DeployFiles.httpPort()));
        });
        // The startup probe must give the embedding model time to load before liveness takes over.
        JsonNode startup = c.path("startupProbe");
        assertThat(startup.path("periodSeconds").asInt()
                        * startup.path("failureThreshold").asInt())
                .isGreaterThanOrEqualTo(120);
    }

    @Test
    void podRunsAsNonRootWithBoundedResourcesAndAWritableTmp() {
        JsonNode pod = deployment().path("spec").path("template").path("spec");
        assertThat(pod.path("securityContext").path("runAsNonRoot").asBoolean()).isTrue();
        assertThat(pod.path("securityContext").path("runAsUser").asInt()).isNotZero();
        JsonNode c = container();
        assertThat(c.path("securityContext").path("allowPrivilegeEscalation").asBoolean(true))
                .isFalse();
        assertThat(c.path("resources").path("requests").path("cpu").asText()).isNotBlank();
        assertThat(c.path("resources").path("requests").path("memory").asText()).isNotBlank();
        assertThat(c.path("resources").path("limits").path("memory").asText()).isNotBlank();
        if (c.path("securityContext").path("readOnlyRootFilesystem").asBoolean()) {
            List<String> mounts = new ArrayList<>();
            c.path("volumeMounts").forEach(m -> mounts.add(m.path("mountPath").asText()));
            assertThat(mounts).contains("/tmp");
        }
    }

    @Test
    void terminationGracePeriodCoversShutdownDelayAndTimeout() {
        Duration delay = DeployFiles.prodDuration("quarkus.shutdown.delay", Duration.ZERO);
        Duration timeout = DeployFiles.prodDuration("quarkus.shutdown.timeout", Duration.ofSeconds(30));
        JsonNode config = one("ConfigMap", "docent-config").path("data");
        if (config.has("QUARKUS_SHUTDOWN_DELAY")) {
            delay = Duration.parse(
                    "PT" + config.path("QUARKUS_SHUTDOWN_DELAY").asText().toUpperCase());
        }
        if (config.has("QUARKUS_SHUTDOWN_TIMEOUT")) {
            timeout = Duration.parse(
                    "PT" + config.path("QUARKUS_SHUTDOWN_TIMEOUT").asText().toUpperCase());
        }
        long grace = deployment()
                .path("spec")
                .path("template")
                .path("spec")
                .path("terminationGracePeriodSeconds")
                .asLong();
        assertThat(grace).isGreaterThan(delay.plus(timeout).toSeconds());
    }

    @Test
    void configAndSecretReferencesResolve() {
        JsonNode c = container();
        for (JsonNode from : c.path("envFrom")) {
            one("ConfigMap", from.path("configMapRef").path("name").asText());
        }
        JsonNode cluster = one("Cluster", "docent-db");
        for (JsonNode env : c.path("env")) {
            JsonNode secretRef = env.path("valueFrom").path("secretKeyRef");
            if (!secretRef.isMissingNode()
                    && "docent-admin".equals(secretRef.path("name").asText())) {
                // The bootstrap admin key: created by the operator (docs/operations.md), mapped to its config key.
                assertThat(env.path("name").asText()).isEqualTo("DOCENT_SECURITY_BOOTSTRAP_ADMIN_KEY");
                assertThat(secretRef.path("key").asText()).isEqualTo("key");
            } else if (!secretRef.isMissingNode()) {
                // CloudNativePG names the application owner's Secret <cluster>-app.
                assertThat(secretRef.path("name").asText())
                        .isEqualTo(cluster.path("metadata").path("name").asText() + "-app");
                assertThat(secretRef.path("key").asText()).isIn("username", "password");
            }
        }
        String jdbc = one("ConfigMap", "docent-config")
                .path("data")
                .path("QUARKUS_DATASOURCE_JDBC_URL")
                .asText();
        String db = cluster.path("spec")
                .path("bootstrap")
                .path("initdb")
                .path("database")
                .asText();
        assertThat(jdbc).isEqualTo("jdbc:postgresql://docent-db-rw:5432/" + db);
    }

    @Test
    void autoscalerAndDisruptionBudgetTargetTheDeployment() {
        JsonNode hpa = one("HorizontalPodAutoscaler", "docent");
        assertThat(hpa.path("spec").path("scaleTargetRef").path("name").asText())
                .isEqualTo("docent");
        assertThat(hpa.path("spec").path("minReplicas").asInt())
                .isLessThanOrEqualTo(hpa.path("spec").path("maxReplicas").asInt());
        JsonNode podLabels =
                deployment().path("spec").path("template").path("metadata").path("labels");
        JsonNode pdbSelector = one("PodDisruptionBudget", "docent")
                .path("spec")
                .path("selector")
                .path("matchLabels");
        pdbSelector
                .fields()
                .forEachRemaining(e -> assertThat(podLabels.path(e.getKey()).asText())
                        .isEqualTo(e.getValue().asText()));
        deployment()
                .path("spec")
                .path("selector")
                .path("matchLabels")
                .fields()
                .forEachRemaining(e -> assertThat(podLabels.path(e.getKey()).asText())
                        .isEqualTo(e.getValue().asText()));
    }

    @Test
    void postgresClusterHasPgvectorAndProdHasBackups() {
        JsonNode cluster = one("Cluster", "docent-db");
        assertThat(cluster.path("apiVersion").asText()).isEqualTo("postgresql.cnpg.io/v1");
        assertThat(cluster.path("spec")
                        .path("bootstrap")
                        .path("initdb")
                        .path("postInitApplicationSQL")
                        .toString())
                .contains("CREATE EXTENSION IF NOT EXISTS vector");
        JsonNode prod = DeployFiles.yaml(Path.of("deploy/k8s/overlays/prod/postgres-cluster-prod.yaml"));
        assertThat(prod.path("spec").path("instances").asInt()).isGreaterThanOrEqualTo(3);
        assertThat(prod.path("spec")
                        .path("backup")
                        .path("barmanObjectStore")
                        .path("destinationPath")
                        .asText())
                .isNotBlank();
        JsonNode scheduled = one("ScheduledBackup", "docent-db-daily");
        assertThat(scheduled.path("spec").path("cluster").path("name").asText()).isEqualTo("docent-db");
    }

    /** When kubectl is installed, the overlays must also render (kustomize semantics, patches apply). */
    @Test
    void overlaysRenderWithKubectlKustomizeWhenAvailable() throws Exception {
        Assumptions.assumeTrue(onPath("kubectl"), "kubectl not installed");
        Map<String, Integer> replicas = new HashMap<>();
        for (String overlay : List.of("dev", "prod")) {
            Path out = Files.createTempFile("kustomize-" + overlay, ".yaml");
            out.toFile().deleteOnExit();
            try {
                Process p = new ProcessBuilder("kubectl", "kustomize", "deploy/k8s/overlays/" + overlay)
                        .redirectErrorStream(true)
                        .redirectOutput(out.toFile())
                        .start();
                assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
                assertThat(p.exitValue()).as(Files.readString(out)).isZero();
                for (JsonNode o : DeployFiles.yamlDocuments(out)) {
                    if (o.path("kind").asText().equals("Deployment")) {
                        replicas.put(overlay, o.path("spec").path("replicas").asInt());
                    }
                }
            } finally {
                Files.deleteIfExists(out);
            }
        }
        assertThat(replicas).containsEntry("dev", 1).containsEntry("prod", 3);
    }

    private static boolean onPath(String command) {
        String path = System.getenv("PATH");
        if (path == null) {
            return false;
        }
        for (String dir : path.split(java.io.File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, command))) {
                return true;
            }
        }
        return false;
    }
}
