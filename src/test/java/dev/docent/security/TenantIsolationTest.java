package dev.docent.security;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.docent.testsupport.PostgresTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Two tenants with overlapping vocabulary and document ACLs inside one of them; hundreds of randomized queries on
 * every read endpoint. Nothing from the other tenant or from a document outside the caller's groups may appear:
 * no hit, citation, quote, listing entry, count or error detail.
 */
@QuarkusTest
@QuarkusTestResource(value = PostgresTestResource.class, restrictToAnnotatedClass = false)
class TenantIsolationTest {
    static final List<String> SHARED = List.of(
            "quarterly",
            "budget",
            "revenue",
            "forecast",
            "merger",
            "policy",
            "salary",
            "review",
            "contract",
            "customer",
            "security",
            "incident",
            "roadmap",
            "launch",
            "supplier",
            "audit");

    record Doc(String id, String marker) {}

    String marker(String name) {
        return name + "x" + UUID.randomUUID().toString().substring(0, 6).replace("-", "");
    }

    String text(String marker, Random random) {
        StringBuilder sb = new StringBuilder();
        for (int s = 0; s < 6; s++) {
            sb.append("The ").append(marker).append(" note covers the ");
            for (int w = 0; w < 6; w++) {
                sb.append(SHARED.get(random.nextInt(SHARED.size()))).append(' ');
            }
            sb.append("for the team. ");
        }
        return sb.toString();
    }

    Doc upload(String key, String collection, String name, String acl, Random random) throws Exception {
        String marker = marker(name);
        Path file = Files.createTempFile(name, ".txt");
        file.toFile().deleteOnExit();
        Files.writeString(file, text(marker, random));
        var spec = given().header("Authorization", SecurityTest.bearer(key)).multiPart("file", file.toFile());
        if (acl != null) {
            spec = spec.multiPart("aclGroups", acl);
        }
        String id = spec.post("/v1/collections/{c}/documents?wait=true", collection)
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        return new Doc(id, marker);
    }

    @Test
    void noCallerSeesAnotherTenantOrADocumentOutsideItsGroups() throws Exception {
        Random random = new Random(7);
        String tag = UUID.randomUUID().toString().substring(0, 8);
        String alice = SecurityTest.key("alice-" + tag, List.of("write"), List.of());
        String bob = SecurityTest.key("bob-" + tag, List.of("write"), List.of("finance"));
        String carol = SecurityTest.key("carol-" + tag, List.of("read"), List.of("finance"));
        String dave = SecurityTest.key("dave-" + tag, List.of("read"), List.of("legal"));
        String a = SecurityTest.collection(alice);
        String b = SecurityTest.collection(bob);
        for (String member : List.of("carol-" + tag, "dave-" + tag)) {
            given().header("Authorization", SecurityTest.bearer(alice))
                    .contentType(ContentType.JSON)
                    .body(Map.of("principal", "user:" + member, "role", "reader"))
                    .put("/v1/collections/{c}/members", a)
                    .then()
                    .statusCode(200);
        }
        Doc aPublic = upload(alice, a, "apublic", null, random);
        Doc aFinance = upload(alice, a, "afinance", "finance", random);
        Doc aLegal = upload(alice, a, "alegal", "legal", random);
        Doc bPublic = upload(bob, b, "bpublic", null, random);
        Doc bFinance = upload(bob, b, "bfinance", "finance", random);
        List<Doc> all = List.of(aPublic, aFinance, aLegal, bPublic, bFinance);

        // caller -> (collection -> documents it may see); a missing collection must look absent
        Map<String, Map<String, Set<Doc>>> allowed = new HashMap<>();
        allowed.put(carol, Map.of(a, Set.of(aPublic, aFinance)));
        allowed.put(dave, Map.of(a, Set.of(aPublic, aLegal)));
        allowed.put(bob, Map.of(b, Set.of(bPublic, bFinance)));

        int requests = 0;
        for (int q = 0; q < 40; q++) {
            String query = SHARED.get(random.nextInt(SHARED.size())) + " "
                    + all.get(random.nextInt(all.size())).marker() + " "
                    + SHARED.get(random.nextInt(SHARED.size()));
            for (var caller : allowed.entrySet()) {
                for (String collection : List.of(a, b)) {
                    Set<Doc> visible = caller.getValue().get(collection);
                    String mode = List.of("vector", "keyword", "hybrid").get(q % 3);
                    Response search = given().header("Authorization", SecurityTest.bearer(caller.getKey()))
                            .contentType(ContentType.JSON)
                            .body(Map.of("query", query, "topK", 20, "mode", mode))
                            .post("/v1/collections/{c}/search", collection);
                    Response answer = given().header("Authorization", SecurityTest.bearer(caller.getKey()))
                            .contentType(ContentType.JSON)
                            .body(Map.of("question", "What does the note say about " + query + "?"))
                            .post("/v1/collections/{c}/answers", collection);
                    requests += 2;
                    if (visible == null) {
                        assertThat(search.statusCode()).isEqualTo(404);
                        assertThat(answer.statusCode()).isEqualTo(404);
                    } else {
                        assertThat(search.statusCode()).isEqualTo(200);
                        assertThat(answer.statusCode()).isEqualTo(200);
                        assertOnlyVisible(search.jsonPath().getList("hits.documentId"), visible);
                        assertOnlyVisible(answer.jsonPath().getList("citations.documentId"), visible);
                    }
                    if (visible != null) {
                        // everything but the echoed query/question (which the caller wrote, markers included)
                        String returned = search.jsonPath().getString("hits")
                                + answer.jsonPath().getString("answer")
                                + answer.jsonPath().getString("citations");
                        assertNoForeignMarker(returned, visible, all);
                    } else {
                        assertThat(search.asString() + answer.asString()).doesNotContain("covers the");
                    }
                }
            }
        }

        // listing, reading, changing: hidden documents do not exist for the caller
        for (var caller : allowed.entrySet()) {
            for (String collection : List.of(a, b)) {
                Set<Doc> visible = caller.getValue().get(collection);
                Response list = given().header("Authorization", SecurityTest.bearer(caller.getKey()))
                        .get("/v1/collections/{c}/documents", collection);
                requests++;
                if (visible == null) {
                    assertThat(list.statusCode()).isEqualTo(404);
                } else {
                    List<Object> ids = list.jsonPath().getList("id");
                    assertOnlyVisible(ids, visible);
                    assertThat(ids).hasSize(visible.size());
                    // a page counts visible documents only: the second page of one is the second visible document
                    Response page = given().header("Authorization", SecurityTest.bearer(caller.getKey()))
                            .get("/v1/collections/{c}/documents?offset=1&limit=1", collection);
                    requests++;
                    assertThat(page.jsonPath().getList("id")).containsExactly(ids.get(1));
                    // counts see what the caller sees
                    Response one = given().header("Authorization", SecurityTest.bearer(caller.getKey()))
                            .get("/v1/collections/{c}", collection);
                    requests++;
                    assertThat(one.jsonPath().getInt("stats.documents")).isEqualTo(visible.size());
                    assertThat(one.jsonPath().getInt("stats.chunks"))
                            .isEqualTo(page.jsonPath().getInt("[0].chunkCount")
                                    + list.jsonPath().getInt("[0].chunkCount"));
                    assertThat(page.jsonPath().<Integer>getList("chunkCount"))
                            .allSatisfy(n -> assertThat(n).isPositive());
                }
                for (Doc d : all) {
                    for (String path : List.of("", "/text")) {
                        Response r = given().header("Authorization", SecurityTest.bearer(caller.getKey()))
                                .get("/v1/collections/{c}/documents/{d}" + path, collection, d.id());
                        requests++;
                        boolean sees = visible != null && visible.contains(d);
                        assertThat(r.statusCode()).as("%s %s", collection, d).isEqualTo(sees ? 200 : 404);
                        // the 404 names the id the caller asked for, and nothing else
                        assertNoForeignMarker(r.asString().replace(d.id(), "ASKED"), visible, all);
                    }
                }
            }
        }
        System.out.printf("TenantIsolationTest: %d requests, 0 leaks%n", requests);
    }

    @Test
    void changingADocumentsAclTakesEffectInSearchAtOnce() throws Exception {
        Random random = new Random(11);
        String tag = UUID.randomUUID().toString().substring(0, 8);
        String owner = SecurityTest.key("erin-" + tag, List.of("write"), List.of());
        String reader = SecurityTest.key("fred-" + tag, List.of("read"), List.of("ops"));
        String c = SecurityTest.collection(owner);
        given().header("Authorization", SecurityTest.bearer(owner))
                .contentType(ContentType.JSON)
                .body(Map.of("principal", "user:fred-" + tag, "role", "reader"))
                .put("/v1/collections/{c}/members", c)
                .then()
                .statusCode(200);
        Doc doc = upload(owner, c, "runbook", null, random);
        // many other hidden documents, so a post-filter would starve the top-k
        for (int i = 0; i < 12; i++) {
            upload(owner, c, "hidden" + i, "board", random);
        }
        assertThat(searchIds(reader, c, doc.marker())).contains(doc.id());

        given().header("Authorization", SecurityTest.bearer(owner))
                .contentType(ContentType.JSON)
                .body(Map.of("aclGroups", List.of("board")))
                .put("/v1/collections/{c}/documents/{d}/acl", c, doc.id())
                .then()
                .statusCode(200);
        assertThat(searchIds(reader, c, doc.marker())).isEmpty();

        given().header("Authorization", SecurityTest.bearer(owner))
                .contentType(ContentType.JSON)
                .body(Map.of("aclGroups", List.of("ops")))
                .put("/v1/collections/{c}/documents/{d}/acl", c, doc.id())
                .then()
                .statusCode(200);
        assertThat(searchIds(reader, c, doc.marker())).containsExactly(doc.id());
    }

    private static List<String> searchIds(String key, String collection, String query) {
        JsonPath r = given().header("Authorization", SecurityTest.bearer(key))
                .contentType(ContentType.JSON)
                .body(Map.of("query", query, "topK", 5))
                .post("/v1/collections/{c}/search", collection)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        return new ArrayList<>(r.<String>getList("hits.documentId"));
    }

    private static void assertOnlyVisible(List<Object> ids, Set<Doc> visible) {
        Set<String> allowedIds = new java.util.HashSet<>();
        visible.forEach(d -> allowedIds.add(d.id()));
        assertThat(ids).allSatisfy(id -> assertThat(allowedIds).contains(String.valueOf(id)));
    }

    private static void assertNoForeignMarker(String body, Set<Doc> visible, List<Doc> all) {
        for (Doc d : all) {
            if (visible == null || !visible.contains(d)) {
                assertThat(body).doesNotContain(d.marker()).doesNotContain(d.id());
            }
        }
    }
}
