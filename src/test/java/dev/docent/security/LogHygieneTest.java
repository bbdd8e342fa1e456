package dev.docent.security;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.docent.testsupport.PostgresTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

/** Everything logged while content flows through the service, at every level: no text, question or key in it. */
@QuarkusTest
@QuarkusTestResource(value = PostgresTestResource.class, restrictToAnnotatedClass = false)
class LogHygieneTest {

    @Test
    void logsCarryNoDocumentTextQuestionsOrKeys() throws Exception {
        List<String> lines = new CopyOnWriteArrayList<>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord r) {
                String msg = r.getMessage() == null ? "" : r.getMessage();
                if (r.getParameters() != null) {
                    for (Object p : r.getParameters()) {
                        msg += " " + p;
                    }
                }
                if (r.getThrown() != null) {
                    msg += " " + r.getThrown();
                }
                lines.add(msg);
            }

            @Override
            public void flush() {}

            @Override
            public void close() {}
        };
        Logger root = Logger.getLogger("");
        root.addHandler(capture);
        try {
            String key = SecurityTest.key("henry", List.of("write"), List.of());
            String c = SecurityTest.collection(key);
            Path file = Files.createTempFile("secret", ".txt");
            file.toFile().deleteOnExit();
            Files.writeString(file, "Zanzibarquartz is the codename. Contact henry.private@example.org for access.");
            given().header("Authorization", SecurityTest.bearer(key))
                    .multiPart("file", file.toFile())
                    .post("/v1/collections/{c}/documents?wait=true", c)
                    .then()
                    .statusCode(201);
            given().header("Authorization", SecurityTest.bearer(key))
                    .contentType(ContentType.JSON)
                    .body(Map.of("question", "What is the codename Xylophonequest asks about?"))
                    .post("/v1/collections/{c}/answers", c)
                    .then()
                    .statusCode(200);
            given().header("Authorization", "Bearer dk_wrongwrongwrongwrong")
                    .get("/v1/collections")
                    .then()
                    .statusCode(401);
            // malformed input on the way in must not echo content into logs either
            given().header("Authorization", SecurityTest.bearer(key))
                    .contentType(ContentType.JSON)
                    .body("{\"query\": \"Zanzibarquartz\", \"topK\": \"many\"}")
                    .post("/v1/collections/{c}/search", c);

            assertThat(String.join("\n", lines))
                    .doesNotContain("Zanzibarquartz")
                    .doesNotContain("Xylophonequest")
                    .doesNotContain("henry.private@example.org")
                    .doesNotContain(key)
                    .doesNotContain("dk_wrongwrongwrongwrong");
        } finally {
            root.removeHandler(capture);
        }
    }
}
