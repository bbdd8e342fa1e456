package dev.docent.ingest.metrics;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.docent.testsupport.PostgresTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The service embeds through the direct ONNX path (upload and search work end to end) and exports how busy its
 * inference threads are, which the ingest benchmark reads to tell waiting from CPU contention.
 */
@QuarkusTest
@QuarkusTestResource(value = PostgresTestResource.class, restrictToAnnotatedClass = false)
class EmbeddingInferenceMetricsTest {

    @Test
    void uploadAndSearchAreCountedAsInferenceWork() throws Exception {
        double textsBefore = metric("docent_embed_inference_texts_total");
        double busyBefore = metric("docent_embed_inference_busy_seconds_total");
        String c = given().contentType("application/json")
                .body("{\"name\":\"inference-metrics-" + System.nanoTime() + "\"}")
                .post("/v1/collections")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        Path file = Files.createTempFile("inference", ".txt");
        file.toFile().deleteOnExit();
        Files.writeString(file, "Tidal locking makes the Moon show the Earth always the same face.");
        given().multiPart("file", file.toFile())
                .post("/v1/collections/{c}/documents?wait=true", c)
                .then()
                .statusCode(201);
        String title = given().contentType("application/json")
                .body("{\"query\":\"why do we always see the same side of the moon\",\"topK\":1}")
                .post("/v1/collections/{c}/search", c)
                .then()
                .statusCode(200)
                .extract()
                .path("hits[0].title");
        assertThat(title).isNotBlank();

        // one chunk embedded for the upload, one query embedded for the search
        assertThat(metric("docent_embed_inference_texts_total")).isGreaterThanOrEqualTo(textsBefore + 2);
        assertThat(metric("docent_embed_inference_busy_seconds_total")).isGreaterThan(busyBefore);
        assertThat(metric("docent_embed_inference_threads"))
                .isEqualTo(Runtime.getRuntime().availableProcessors());
        assertThat(metric("docent_embed_inference_queued")).isGreaterThanOrEqualTo(0);
        assertThat(metric("docent_embed_inference_cpu_seconds_total")).isGreaterThan(0);
        // one model in the service: the CDI client proxy of the embedder must not have started a second one
        long inferenceThreads = Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith("docent-embed-bge-small-en-v1.5-q-"))
                .count();
        assertThat(inferenceThreads).isLessThanOrEqualTo(Runtime.getRuntime().availableProcessors());
    }

    private static double metric(String name) {
        String body = given().get("/q/metrics").then().statusCode(200).extract().asString();
        for (String line : body.split("\n")) {
            if (line.startsWith(name + " ") || line.startsWith(name + "{")) {
                return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        throw new AssertionError(name + " is not exported by /q/metrics");
    }
}
