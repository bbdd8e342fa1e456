package dev.docent.testsupport;

import static io.restassured.RestAssured.given;

import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;

/** Collections and plain-text documents over the HTTP API, for answer tests. */
public final class Collections {
    private Collections() {}

    public static String create() {
        return given().contentType(ContentType.JSON)
                .body(Map.of("name", "c-" + UUID.randomUUID()))
                .post("/v1/collections")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
    }

    /** Asks {@code question} of the collection (expecting 200); returns the answer. */
    public static JsonPath ask(String collection, String question) {
        return given().contentType(ContentType.JSON)
                .body(Map.of("question", question))
                .post("/v1/collections/{c}/answers", collection)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
    }

    /** Uploads {@code text} as a UTF-8 file named {@code fileName}; returns the document view. */
    public static JsonPath uploadText(String collection, String fileName, String text) {
        try {
            Path dir = Files.createTempDirectory("docent-doc");
            Path file = dir.resolve(fileName);
            Files.writeString(file, text);
            JsonPath doc = given().multiPart("file", file.toFile(), "text/plain")
                    .post("/v1/collections/{c}/documents?wait=true", collection)
                    .then()
                    .statusCode(201)
                    .extract()
                    .jsonPath();
            Files.delete(file);
            Files.delete(dir);
            return doc;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Polls {@code GET /v1/jobs/{id}} until the job is terminal; fails the test after {@code timeout}. */
    public static void awaitJob(String job, java.time.Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!Boolean.TRUE.equals(
                given().get("/v1/jobs/{id}", job).then().extract().path("terminal"))) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("job " + job + " did not finish within " + timeout);
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting for job " + job, e);
            }
        }
    }

    /** The document's extracted text, which citations point into. */
    public static String text(String collection, String documentId) {
        return given().get("/v1/collections/{c}/documents/{d}/text", collection, documentId)
                .then()
                .statusCode(200)
                .extract()
                .path("text");
    }
}
