package dev.docent.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import dev.docent.testsupport.Collections;
import dev.docent.testsupport.PostgresTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;

/**
 * What an upload says about a document besides its bytes, ACL groups and the owner's metadata: a new version or a
 * re-ingest that does not state them keeps the document's current ones; search filters match the owner's metadata.
 */
@QuarkusTest
@QuarkusTestResource(value = PostgresTestResource.class, restrictToAnnotatedClass = false)
class DocumentAttributesTest {

    private static final String LYON = "The warehouse in Lyon stores spare turbine blades.\n";

    @Test
    void anAclChangedAfterUploadSurvivesAReingest() throws IOException {
        String c = Collections.create();
        String doc =
                upload(c, "note.txt", LYON, Map.of("aclGroups", "research")).getString("id");
        given().contentType(ContentType.JSON)
                .body(Map.of("aclGroups", List.of("legal")))
                .put("/v1/collections/{c}/documents/{d}/acl", c, doc)
                .then()
                .statusCode(200);

        given().post("/v1/collections/{c}/documents/{d}/reingest?wait=true", c, doc)
                .then()
                .statusCode(200)
                .body("state", equalTo("succeeded"));

        JsonPath after = document(c, doc);
        assertThat(after.getInt("version")).isEqualTo(2);
        assertThat(after.getList("aclGroups")).containsExactly("legal");
    }

    @Test
    void aNewVersionWithoutAclOrMetadataKeepsThemAndOneWithThemReplacesThem() throws IOException {
        String c = Collections.create();
        String doc = upload(
                        c,
                        "note.txt",
                        LYON,
                        Map.of("aclGroups", "research", "metadata", "{\"team\":\"ops\",\"year\":2024}"))
                .getString("id");
        assertThat(document(c, doc).getMap("metadata"))
                .containsEntry("team", "ops")
                .containsEntry("year", "2024");

        JsonPath second = upload(c, "note.txt", "The warehouse in Porto stores gearboxes.\n", Map.of());
        assertThat(second.getString("outcome")).isEqualTo("replaced");
        assertThat(second.getList("aclGroups")).containsExactly("research");
        assertThat(second.getMap("metadata")).containsEntry("team", "ops").containsEntry("year", "2024");

        JsonPath third = upload(
                c, "note.txt", "The warehouse in Turin stores rotors.\n", Map.of("aclGroups", "", "metadata", "{}"));
        assertThat(third.getInt("version")).isEqualTo(3);
        assertThat(third.getList("aclGroups")).isEmpty();
        assertThat(third.getMap("metadata")).doesNotContainKeys("team", "year");
    }

    @Test
    void searchFiltersMatchTheOwnersMetadataAndSeeAChangeAtOnce() throws IOException {
        String c = Collections.create();
        String legal = upload(
                        c,
                        "contract.txt",
                        "The supplier contract renews every March.\n",
                        Map.of("metadata", "{\"team\":\"legal\"}"))
                .getString("id");
        String ops = upload(
                        c,
                        "runbook.txt",
                        "The supplier portal renews certificates every March.\n",
                        Map.of("metadata", "{\"team\":\"ops\"}"))
                .getString("id");

        assertThat(searchTeam(c, "legal")).containsExactly(legal);

        given().contentType(ContentType.JSON)
                .body(Map.of("metadata", Map.of("team", "legal", "reviewed", "yes")))
                .put("/v1/collections/{c}/documents/{d}/metadata", c, ops)
                .then()
                .statusCode(200)
                .body("metadata.team", equalTo("legal"))
                .body("metadata.reviewed", equalTo("yes"));

        assertThat(searchTeam(c, "legal")).containsExactlyInAnyOrder(legal, ops);
        assertThat(searchTeam(c, "ops")).isEmpty();

        // the listing filters on the same metadata
        assertThat(listIds(c, "team:legal")).containsExactlyInAnyOrder(legal, ops);
        assertThat(listIds(c, "team:legal", "reviewed:yes")).containsExactly(ops);
        assertThat(listIds(c, "team:ops")).isEmpty();
        given().queryParam("metadata", "team")
                .get("/v1/collections/{c}/documents", c)
                .then()
                .statusCode(400)
                .body("code", equalTo("validation_failed"));
    }

    private static List<String> listIds(String c, String... pairs) {
        RequestSpecification spec = given();
        for (String p : pairs) {
            spec = spec.queryParam("metadata", p);
        }
        return spec.get("/v1/collections/{c}/documents", c)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("id", String.class);
    }

    @Test
    void archiveEntriesTakeTheArchivesMetadata() throws IOException {
        String c = Collections.create();
        Path zip = Files.createTempFile("docent-attrs", ".zip");
        try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(zip))) {
            for (String name : List.of("a.txt", "b.txt")) {
                out.putNextEntry(new ZipEntry(name));
                out.write(("Entry " + name + " lists the spare parts of pump station seven.\n")
                        .getBytes(StandardCharsets.UTF_8));
                out.closeEntry();
            }
        }
        given().multiPart("file", zip.toFile(), "application/zip")
                .multiPart("metadata", "{\"source\":\"share-7\"}")
                .post("/v1/collections/{c}/documents?wait=true", c)
                .then()
                .statusCode(200)
                .body("state", equalTo("succeeded"));
        Files.delete(zip);

        List<Map<String, Object>> docs = given().get("/v1/collections/{c}/documents", c)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("$");
        assertThat(docs)
                .hasSize(2)
                .allSatisfy(d -> assertThat(metadataOf(d))
                        .containsEntry("source", "share-7")
                        .containsKey("archivePath"));
    }

    @Test
    void invalidMetadataIsRefusedWithACodeAndStoresNothing() throws IOException {
        String c = Collections.create();
        String tooMany = "{"
                + String.join(
                        ",",
                        java.util.stream.IntStream.range(0, 65)
                                .mapToObj(i -> "\"k" + i + "\":\"v\"")
                                .toList())
                + "}";
        for (String bad : List.of("team=legal", "[\"legal\"]", "{\"team\":{\"name\":\"legal\"}}", tooMany)) {
            Path file = Files.createTempFile("docent-attrs", ".txt");
            Files.writeString(file, LYON);
            given().multiPart("file", file.toFile(), "text/plain")
                    .multiPart("metadata", bad)
                    .post("/v1/collections/{c}/documents?wait=true", c)
                    .then()
                    .statusCode(400)
                    .contentType("application/problem+json")
                    .body("code", equalTo("validation_failed"));
            Files.delete(file);
        }
        given().get("/v1/collections/{c}/documents", c).then().statusCode(200).body("size()", equalTo(0));

        String doc = upload(c, "note.txt", LYON, Map.of()).getString("id");
        given().contentType(ContentType.JSON)
                .body(Map.of("metadata", Map.of("", "x")))
                .put("/v1/collections/{c}/documents/{d}/metadata", c, doc)
                .then()
                .statusCode(400)
                .body("code", equalTo("validation_failed"));
    }

    /** Uploads {@code text} with the given extra multipart fields and waits; returns the document view. */
    private static JsonPath upload(String c, String name, String text, Map<String, String> fields) throws IOException {
        Path dir = Files.createTempDirectory("docent-attrs");
        Path file = dir.resolve(name);
        Files.writeString(file, text);
        RequestSpecification spec = given().multiPart("file", file.toFile(), "text/plain");
        for (Map.Entry<String, String> f : fields.entrySet()) {
            spec = spec.multiPart(f.getKey(), f.getValue());
        }
        JsonPath doc = spec.post("/v1/collections/{c}/documents?wait=true", c)
                .then()
                .statusCode(org.hamcrest.Matchers.oneOf(200, 201))
                .extract()
                .jsonPath();
        Files.delete(file);
        Files.delete(dir);
        return doc;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> metadataOf(Map<String, Object> documentView) {
        return (Map<String, Object>) documentView.get("metadata");
    }

    private static JsonPath document(String c, String doc) {
        return given().get("/v1/collections/{c}/documents/{d}", c, doc)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
    }

    private static List<String> searchTeam(String c, String team) {
        return given()
                .contentType(ContentType.JSON)
                .body(Map.of(
                        "query",
                        "When does the supplier renew?",
                        "topK",
                        5,
                        "filters",
                        Map.of("metadata", Map.of("team", team))))
                .post("/v1/collections/{c}/search", c)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("hits.documentId", String.class)
                .stream()
                .distinct()
                .toList();
    }
}
