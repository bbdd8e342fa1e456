package dev.docent.answer.conversation;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.docent.testsupport.Collections;
import dev.docent.testsupport.PostgresTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Conversations over HTTP with the default (extractive) answerer: follow-ups condensed, history with citations. */
@QuarkusTest
@QuarkusTestResource(value = PostgresTestResource.class, restrictToAnnotatedClass = false)
class ConversationTest {
    static final String HANDBOOK = """
            Employee Handbook

            Employees get 25 vacation days per year. Unused vacation days expire at the end of March.

            Remote work is allowed two days per week with manager approval.
            """;

    static JsonPath ask(String collection, Map<String, Object> body, int status) {
        return given().contentType(ContentType.JSON)
                .body(body)
                .post("/v1/collections/{c}/answers", collection)
                .then()
                .statusCode(status)
                .extract()
                .jsonPath();
    }

    @Test
    void followUpIsCondensedAndHistoryKeepsTheCitationsAsReturned() {
        String c = Collections.create();
        String doc = Collections.uploadText(c, "handbook.txt", HANDBOOK).getString("id");
        UUID conversation = UUID.randomUUID();

        JsonPath first = ask(
                c, Map.of("question", "How many vacation days do employees get?", "conversationId", conversation), 200);
        assertThat(first.getString("conversationId")).isEqualTo(conversation.toString());
        assertThat(first.getString("citations[0].quote")).isEqualTo("Employees get 25 vacation days per year.");
        assertThat(first.getString("shortAnswer.text")).isEqualTo("25");

        JsonPath second = ask(c, Map.of("question", "And when do they expire?", "conversationId", conversation), 200);
        assertThat(second.getString("standaloneQuestion"))
                .isEqualTo("And when do they expire? vacation days employees get");
        assertThat(second.getBoolean("grounded")).isTrue();
        assertThat(second.getList("citations.quote", String.class))
                .contains("Unused vacation days expire at the end of March.");

        // citations are persisted, never recomputed: they survive the document's deletion
        given().delete("/v1/collections/{c}/documents/{d}", c, doc).then().statusCode(204);
        JsonPath history = given().get("/v1/collections/{c}/conversations/{id}", c, conversation)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertThat(history.getList("turns")).hasSize(2);
        assertThat(history.getString("turns[1].question")).isEqualTo("And when do they expire?");
        assertThat(history.getString("turns[1].standaloneQuestion")).isEqualTo(second.getString("standaloneQuestion"));
        assertThat(history.getString("turns[0].answer")).isEqualTo(first.getString("answer"));
        List<Map<String, Object>> stored = history.getList("turns[1].citations");
        assertThat(stored).isEqualTo(second.getList("citations"));
        // so is the short answer
        assertThat(second.getString("shortAnswer.text")).isEqualTo("the end of March");
        assertThat(history.getMap("turns[0].shortAnswer")).isEqualTo(first.getMap("shortAnswer"));
        assertThat(history.getMap("turns[1].shortAnswer")).isEqualTo(second.getMap("shortAnswer"));
    }

    @Test
    void unknownConversationAndAnotherCollectionsConversationAreBoth404() {
        String c = Collections.create();
        given().get("/v1/collections/{c}/conversations/{id}", c, UUID.randomUUID())
                .then()
                .statusCode(404)
                .contentType("application/problem+json");

        Collections.uploadText(c, "handbook.txt", HANDBOOK);
        UUID conversation = UUID.randomUUID();
        ask(c, Map.of("question", "How many vacation days do employees get?", "conversationId", conversation), 200);
        String other = Collections.create();
        ask(other, Map.of("question", "How many vacation days?", "conversationId", conversation), 404);
    }

    @Test
    void streamTrueWithoutEventStreamAcceptIsRejected() {
        String c = Collections.create();
        ask(c, Map.of("question", "How many vacation days?", "stream", true), 400);
    }
}
