package dev.docent.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;

import dev.docent.testsupport.Collections;
import dev.docent.testsupport.PostgresTestResource;
import dev.docent.testsupport.SharedData;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The thin slice end to end over HTTP, on real PostgreSQL + pgvector, with real files and real embeddings. */
@QuarkusTest
@QuarkusTestResource(value = PostgresTestResource.class, restrictToAnnotatedClass = false)
class DocumentFlowTest {

    static String newCollection() {
        return given().contentType(ContentType.JSON)
                .body(Map.of("name", "c-" + UUID.randomUUID()))
                .post("/v1/collections")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
    }

    static JsonPath upload(String collection, File file, int expectedStatus) {
        return given().multiPart("file", file)
                .post("/v1/collections/{c}/documents?wait=true", collection)
                .then()
                .statusCode(expectedStatus)
                .extract()
                .jsonPath();
    }

    @Test
    void pdfIsIngestedSearchedAndAnsweredWithVerbatimPageCitations() {
        String c = newCollection();
        File pdf = SharedData.tikaFile("pdf/testJournalParser.pdf").toFile();
        JsonPath doc = upload(c, pdf, 201);
        assertThat(doc.getInt("chunkCount")).isPositive();
        assertThat(doc.getInt("pageCount")).isPositive();
        assertThat(doc.getString("outcome")).isEqualTo("created");
        String docId = doc.getString("id");

        JsonPath search = given().contentType(ContentType.JSON)
                .body(Map.of("query", FoundationQuestions.PDF_SEARCH, "topK", 3))
                .post("/v1/collections/{c}/search", c)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertThat(search.getList("hits")).isNotEmpty();
        assertThat(search.getString("hits[0].documentId")).isEqualTo(docId);
        assertThat(search.getInt("hits[0].page")).isPositive();

        JsonPath answer = Collections.ask(c, FoundationQuestions.PDF_QUESTION);
        assertThat(answer.getBoolean("grounded")).isTrue();
        assertThat(answer.getString("answerer")).isEqualTo("extractive");
        assertThat(answer.getString("answer")).contains("[1]");
        List<Map<String, Object>> citations = answer.getList("citations");
        assertThat(citations).isNotEmpty();

        JsonPath text = given().get("/v1/collections/{c}/documents/{d}/text", c, docId)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        String fullText = text.getString("text");
        List<Integer> pageStarts = text.getList("pageStarts", Integer.class);
        for (Map<String, Object> citation : citations) {
            assertThat(citation.get("documentId")).isEqualTo(docId);
            assertThat(citation.get("title")).isNotNull();
            int start = (Integer) citation.get("charStart");
            int end = (Integer) citation.get("charEnd");
            String quote = (String) citation.get("quote");
            assertThat(fullText.substring(start, end)).isEqualTo(quote);
            int page = (Integer) citation.get("page");
            assertThat(pageStarts.get(page - 1)).isLessThanOrEqualTo(start);
            if (page < pageStarts.size()) {
                assertThat(pageStarts.get(page)).isGreaterThan(start);
            }
        }
        assertThat(answer.getString("answer")).contains(FoundationQuestions.PDF_ANSWER_CONTAINS);
    }

    @Test
    void aDeckCitesItsSlideButNoPageForTheDocumentsEmbeddedAfterIt() {
        String c = newCollection();
        JsonPath doc =
                upload(c, SharedData.tikaFile("pptx/testPPT_embeded.pptx").toFile(), 201);
        assertThat(doc.getInt("pageCount")).isEqualTo(1);
        String docId = doc.getString("id");

        JsonPath text = given().get("/v1/collections/{c}/documents/{d}/text", c, docId)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        int unpagedFrom = text.getInt("unpagedFrom");
        assertThat(text.getString("text").indexOf("The Alfresco logo is above this"))
                .isGreaterThan(unpagedFrom);

        JsonPath answer = Collections.ask(c, "Which logo is above this?");
        assertThat(answer.getBoolean("grounded")).isTrue();
        assertThat(answer.getString("citations[0].quote")).contains("Alfresco logo");
        assertThat(answer.getInt("citations[0].charStart")).isGreaterThanOrEqualTo(unpagedFrom);
        assertThat(answer.getString("citations[0].page")).isNull();
    }

    @Test
    void aDocumentsChunksAreListedInReadingOrderAPageAtATime() {
        String c = newCollection();
        StringBuilder body = new StringBuilder("# Field guide\n\n");
        for (int section = 1; section <= 6; section++) {
            body.append("## Section ").append(section).append("\n\n");
            for (int p = 0; p < 8; p++) {
                body.append("Paragraph ")
                        .append(p)
                        .append(" of section ")
                        .append(section)
                        .append(" describes the birds seen on the marsh in some detail, with their calls, their nests")
                        .append(" and the months in which they pass through on their way north or south.\n\n");
            }
        }
        String docId = Collections.uploadText(c, "guide.md", body.toString()).getString("id");
        String text = Collections.text(c, docId);

        JsonPath first = given().get("/v1/collections/{c}/documents/{d}/chunks?limit=2", c, docId)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        int total = first.getInt("total");
        assertThat(total).isGreaterThan(3);
        assertThat(first.getList("chunks.ordinal", Integer.class)).containsExactly(0, 1);
        JsonPath rest = given().get("/v1/collections/{c}/documents/{d}/chunks?offset=2&limit=500", c, docId)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertThat(rest.getList("chunks")).hasSize(total - 2);
        assertThat(rest.getInt("chunks[0].ordinal")).isEqualTo(2);
        for (JsonPath page : List.of(first, rest)) {
            List<Map<String, Object>> chunks = page.getList("chunks");
            for (Map<String, Object> chunk : chunks) {
                assertThat(text.substring((Integer) chunk.get("charStart"), (Integer) chunk.get("charEnd")))
                        .isEqualTo(chunk.get("text"));
                assertThat((List<?>) chunk.get("headingPath")).isNotEmpty();
            }
        }
        for (String bad : List.of("limit=501", "limit=ten", "offset=-1", "offset=99999999999")) {
            given().get("/v1/collections/{c}/documents/{d}/chunks?" + bad, c, docId)
                    .then()
                    .statusCode(400)
                    .body("code", org.hamcrest.Matchers.equalTo("validation_failed"));
        }
    }

    @Test
    void aQuestionAboutThePaperAsAWholeIsAnsweredFromItsAbstract() {
        String c = newCollection();
        upload(c, SharedData.tikaFile("pdf/testJournalParser.pdf").toFile(), 201);

        JsonPath answer = Collections.ask(c, "What is the paper about?");

        assertThat(answer.getBoolean("grounded")).isTrue();
        assertThat(answer.getString("citations[0].quote"))
                .startsWith("Abstract\u2014 In this paper we present control strategies for");
        assertThat(answer.getInt("citations[0].page")).isEqualTo(1);
    }

    @Test
    void identicalReuploadIsANoOpAndNewBytesReplaceTheVersion() throws Exception {
        String c = newCollection();
        Path dir = Files.createTempDirectory("docent-test");
        Path note = dir.resolve("note.txt");
        Files.writeString(note, "The warehouse in Lyon stores spare turbine blades.\n");
        JsonPath first = upload(c, note.toFile(), 201);
        JsonPath again = upload(c, note.toFile(), 200);
        assertThat(again.getString("outcome")).isEqualTo("unchanged");
        assertThat(again.getString("id")).isEqualTo(first.getString("id"));
        assertThat(again.getInt("version")).isEqualTo(1);

        Files.writeString(note, "The warehouse in Porto stores spare turbine blades and gearboxes.\n");
        JsonPath replaced = upload(c, note.toFile(), 200);
        assertThat(replaced.getString("outcome")).isEqualTo("replaced");
        assertThat(replaced.getInt("version")).isEqualTo(2);
        given().get("/v1/collections/{c}/documents", c).then().statusCode(200).body("$", hasSize(1));
        given().contentType(ContentType.JSON)
                .body(Map.of("query", "Where are turbine blades stored?"))
                .post("/v1/collections/{c}/search", c)
                .then()
                .statusCode(200)
                .body("hits", hasSize(1))
                .body("hits[0].text", containsString("Porto"));

        // a failed new version leaves the previous one in place
        Files.write(note, new byte[0]);
        given().multiPart("file", note.toFile())
                .post("/v1/collections/{c}/documents?wait=true", c)
                .then()
                .statusCode(422)
                .body("code", equalTo("empty"));
        given().get("/v1/collections/{c}/documents", c)
                .then()
                .body("$", hasSize(1))
                .body("[0].version", equalTo(2));
    }

    @Test
    void docxAndHtmlAreIngested() {
        String c = newCollection();
        upload(c, SharedData.tikaFile("docx/testWORD_various.docx").toFile(), 201);
        upload(c, SharedData.tikaFile("html/test.html").toFile(), 201);
        given().get("/v1/collections/{c}/documents", c)
                .then()
                .statusCode(200)
                .body("$", hasSize(2))
                .body("[0].chunkCount", greaterThan(0));
    }

    @Test
    void badFilesGetCodedProblemsAndAreListedAsFailedWithoutChunks() throws Exception {
        String c = newCollection();
        given().multiPart(
                        "file",
                        SharedData.tikaFile("pdf/testPassword4Spaces.pdf").toFile())
                .post("/v1/collections/{c}/documents?wait=true", c)
                .then()
                .statusCode(422)
                .contentType("application/problem+json")
                .body("code", equalTo("encrypted"))
                .body("detail", not(containsString("Exception")));
        Path empty = Files.createTempFile("empty", ".txt");
        empty.toFile().deleteOnExit();
        given().multiPart("file", empty.toFile())
                .post("/v1/collections/{c}/documents?wait=true", c)
                .then()
                .statusCode(422)
                .contentType("application/problem+json")
                .body("code", equalTo("empty"));
        given().get("/v1/collections/{c}/documents", c)
                .then()
                .statusCode(200)
                .body("$", hasSize(2))
                .body("status", everyItem(equalTo("failed")))
                .body("chunkCount", everyItem(equalTo(0)))
                .body("errorCode", containsInAnyOrder("encrypted", "empty"));
        given().get("/v1/collections/{c}", c)
                .then()
                .statusCode(200)
                .body("stats.documents", equalTo(2))
                .body("stats.failedDocuments", equalTo(2))
                .body("stats.chunks", equalTo(0));
        given().get("/v1/collections")
                .then()
                .statusCode(200)
                .body("stats", everyItem(org.hamcrest.Matchers.nullValue()));
    }

    @Test
    void errorsAreProblemJsonWithStableCodes() {
        given().contentType(ContentType.JSON)
                .body(Map.of("query", "anything"))
                .post("/v1/collections/{c}/search", UUID.randomUUID())
                .then()
                .statusCode(404)
                .contentType("application/problem+json")
                .body("code", equalTo("not_found"));
        String c = newCollection();
        given().contentType(ContentType.JSON)
                .body(Map.of("query", " "))
                .post("/v1/collections/{c}/search", c)
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("code", equalTo("validation_failed"));
        given().contentType(ContentType.JSON)
                .body("{\"name\": \"dup-" + c + "\"}")
                .post("/v1/collections")
                .then()
                .statusCode(201);
        given().contentType(ContentType.JSON)
                .body("{\"name\": \"dup-" + c + "\"}")
                .post("/v1/collections")
                .then()
                .statusCode(409)
                .body("code", equalTo("conflict"));
        given().get("/v1/collections/{c}/documents?status=done", c)
                .then()
                .statusCode(400)
                .body("code", equalTo("validation_failed"))
                .body("detail", equalTo("status: must be succeeded or failed"));
    }

    @Test
    void unreadableBodiesNameTheFieldAndWhatIsAcceptedWithoutClassNames() {
        String c = newCollection();
        Map<String, String> cases = Map.of(
                "{\"query\": \"x\", \"filters\": {\"documentID\": []}}",
                "unknown field 'filters.documentID'; known fields: documentIds, mediaTypes, metadata, updatedAfter,"
                        + " updatedBefore",
                "{\"query\": \"x\", \"mode\": \"fuzzy\"}",
                "field 'mode' must be one of: vector, keyword, hybrid",
                "{\"query\": \"x\", \"topK\": \"ten\"}",
                "field 'topK' must be a number",
                "{\"query\": \"x\", \"filters\": {\"updatedAfter\": \"yesterday\"}}",
                "field 'filters.updatedAfter': \"yesterday\" is not an ISO-8601 instant such as 2026-01-31T00:00:00Z",
                "{\"query\": \"x\", \"filters\": {\"documentIds\": [\"abc\"]}}",
                "field 'filters.documentIds[0]': \"abc\" is not a UUID",
                "{\"query\": ",
                "the request body is not valid JSON");
        cases.forEach((body, detail) -> given().contentType(ContentType.JSON)
                .body(body)
                .post("/v1/collections/{c}/search", c)
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("code", equalTo("validation_failed"))
                .body("detail", body.endsWith(": ") ? containsString(detail) : equalTo(detail))
                .body("detail", not(containsString("dev.docent")))
                .body("detail", not(containsString("java."))));
    }

    @Test
    void unrelatedQuestionIsNotGrounded() {
        String c = newCollection();
        upload(c, SharedData.tikaFile("html/test.html").toFile(), 201);
        given().contentType(ContentType.JSON)
                .body(Map.of("question", "What is the boiling point of liquid nitrogen in Kelvin?"))
                .post("/v1/collections/{c}/answers", c)
                .then()
                .statusCode(200)
                .body("grounded", equalTo(false))
                .body("citations", hasSize(0));
    }
}
