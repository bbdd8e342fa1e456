package dev.docent.security;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.docent.testsupport.Collections;
import dev.docent.testsupport.PostgresTestResource;
import dev.docent.testsupport.TestCredentials;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.BiFunction;
import org.junit.jupiter.api.Test;

/**
 * Every {@code /v1} operation against every kind of caller, with real ids: no credentials (401), a key without any
 * role in the collection (404, existence not disclosed), collection reader, writer and admin, a read-scoped key of
 * the collection's admin (capped at reader), and the global admin. Each caller either succeeds with the operation's
 * documented status or is refused with the documented one (403 {@code forbidden} for a role too low).
 *
 * <p>The operations come from the OpenAPI document ({@code /q/openapi}); the test fails when an operation has no
 * row in {@link #OPERATIONS} (a new endpoint cannot be forgotten) or a row names an operation that no longer exists.
 */
@QuarkusTest
@QuarkusTestResource(value = PostgresTestResource.class, restrictToAnnotatedClass = false)
class EndpointAccessMatrixTest {

    /** Who may call an operation. */
    enum Need {
        /** Any authenticated caller (the collection list shows only what it may read). */
        AUTHENTICATED,
        /** Any caller whose credential has the write (or admin) scope: creating a collection. */
        WRITE_SCOPE,
        READER,
        WRITER,
        /** Collection admin (members). */
        COLLECTION_ADMIN,
        /** A key with the global admin scope (key management). */
        GLOBAL_ADMIN
    }

    /** Kinds of callers; each has a rank in the test collection. */
    enum Who {
        ANONYMOUS,
        OUTSIDER,
        READER,
        WRITER,
        COLLECTION_ADMIN,
        ADMIN_WITH_READ_KEY,
        GLOBAL_ADMIN
    }

    /**
     * The ids a request needs: the collection, a live document, a finished job; and the collection admin's key and
     * the members' name suffix, for operations that need a collection of their own.
     */
    record World(String collection, String document, String job, String adminKey, String suffix) {}

    /** One operation: who may call it, the status it answers on success, and how to call it for a caller. */
    record Op(Need need, int success, BiFunction<RequestSpecification, Ctx, Response> call) {}

    /** A call in progress: the world, the caller kind and its key (null for anonymous). */
    record Ctx(World world, Who who, String key) {}

    private static final Map<String, Op> OPERATIONS = new LinkedHashMap<>();

    static {
        OPERATIONS.put("GET /v1/collections", new Op(Need.AUTHENTICATED, 200, (s, x) -> s.get("/v1/collections")));
        OPERATIONS.put(
                "POST /v1/collections",
                new Op(
                        Need.WRITE_SCOPE,
                        201,
                        (s, x) -> s.contentType(ContentType.JSON)
                                .body(Map.of("name", "matrix-" + UUID.randomUUID()))
                                .post("/v1/collections")));
        OPERATIONS.put(
                "POST /v1/collections/{collectionId}/documents",
                new Op(
                        Need.WRITER,
                        202,
                        (s, x) -> s.multiPart(
                                        "file",
                                        "upload-" + x.who() + ".txt",
                                        "Uploaded by the matrix test.".getBytes(StandardCharsets.UTF_8),
                                        "text/plain")
                                .post("/v1/collections/{c}/documents", x.world().collection())));
        OPERATIONS.put(
                "GET /v1/collections/{collectionId}/documents",
                new Op(
                        Need.READER,
                        200,
                        (s, x) ->
                                s.get("/v1/collections/{c}/documents", x.world().collection())));
        OPERATIONS.put(
                "GET /v1/collections/{collectionId}/documents/{documentId}",
                new Op(
                        Need.READER,
                        200,
                        (s, x) -> s.get(
                                "/v1/collections/{c}/documents/{d}",
                                x.world().collection(),
                                x.world().document())));
        OPERATIONS.put(
                "GET /v1/collections/{collectionId}/documents/{documentId}/text",
                new Op(
                        Need.READER,
                        200,
                        (s, x) -> s.get(
                                "/v1/collections/{c}/documents/{d}/text",
                                x.world().collection(),
                                x.world().document())));
        OPERATIONS.put(
                "GET /v1/collections/{collectionId}/documents/{documentId}/chunks",
                new Op(
                        Need.READER,
                        200,
                        (s, x) -> s.get(
                                "/v1/collections/{c}/documents/{d}/chunks",
                                x.world().collection(),
                                x.world().document())));
        OPERATIONS.put(
                "POST /v1/collections/{collectionId}/documents/{documentId}/reingest",
                new Op(
                        Need.WRITER,
                        202,
                        (s, x) -> s.post(
                                "/v1/collections/{c}/documents/{d}/reingest",
                                x.world().collection(),
                                x.world().document())));
        OPERATIONS.put(
                "PUT /v1/collections/{collectionId}/documents/{documentId}/acl",
                new Op(
                        Need.WRITER,
                        200,
                        (s, x) -> s.contentType(ContentType.JSON)
                                .body(Map.of("aclGroups", List.of()))
                                .put(
                                        "/v1/collections/{c}/documents/{d}/acl",
                                        x.world().collection(),
                                        x.world().document())));
        OPERATIONS.put(
                "PUT /v1/collections/{collectionId}/documents/{documentId}/metadata",
                new Op(
                        Need.WRITER,
                        200,
                        (s, x) -> s.contentType(ContentType.JSON)
                                .body(Map.of("metadata", Map.of("team", "ops")))
                                .put(
                                        "/v1/collections/{c}/documents/{d}/metadata",
                                        x.world().collection(),
                                        x.world().document())));
        OPERATIONS.put(
                "DELETE /v1/collections/{collectionId}/documents/{documentId}",
                new Op(
                        Need.WRITER,
                        204,
                        (s, x) -> s.delete(
                                "/v1/collections/{c}/documents/{d}",
                                x.world().collection(),
                                freshDocument(x.world().collection()))));
        OPERATIONS.put(
                "POST /v1/collections/{collectionId}/search",
                new Op(
                        Need.READER,
                        200,
                        (s, x) -> s.contentType(ContentType.JSON)
                                .body(Map.of("query", "matrix test"))
                                .post("/v1/collections/{c}/search", x.world().collection())));
        OPERATIONS.put(
                "POST /v1/collections/{collectionId}/answers",
                new Op(
                        Need.READER,
                        200,
                        (s, x) -> s.contentType(ContentType.JSON)
                                .body(Map.of("question", "What is uploaded by the matrix test?"))
                                .post("/v1/collections/{c}/answers", x.world().collection())));
        OPERATIONS.put(
                "GET /v1/collections/{collectionId}/conversations/{conversationId}",
                new Op(
                        Need.READER,
                        200,
                        (s, x) -> s.get(
                                "/v1/collections/{c}/conversations/{id}",
                                x.world().collection(),
                                conversationOf(x))));
        OPERATIONS.put(
                "PATCH /v1/collections/{collectionId}",
                new Op(
                        Need.COLLECTION_ADMIN,
                        200, // the model it already uses: answered without starting a re-embedding
                        (s, x) -> s.contentType(ContentType.JSON)
                                .body(Map.of("embeddingModel", "bge-small-en-v1.5-q"))
                                .patch("/v1/collections/{c}", x.world().collection())));
        OPERATIONS.put(
                "GET /v1/collections/{collectionId}",
                new Op(
                        Need.READER,
                        200,
                        (s, x) -> s.get("/v1/collections/{c}", x.world().collection())));
        OPERATIONS.put(
                "DELETE /v1/collections/{collectionId}",
                new Op(
                        Need.COLLECTION_ADMIN,
                        204,
                        (s, x) -> s.delete("/v1/collections/{c}", freshCollection(x.world()))));
        OPERATIONS.put(
                "GET /v1/collections/{collectionId}/members",
                new Op(
                        Need.COLLECTION_ADMIN,
                        200,
                        (s, x) -> s.get("/v1/collections/{c}/members", x.world().collection())));
        OPERATIONS.put(
                "PUT /v1/collections/{collectionId}/members",
                new Op(
                        Need.COLLECTION_ADMIN,
                        200,
                        (s, x) -> s.contentType(ContentType.JSON)
                                .body(Map.of("principal", "group:matrix-" + UUID.randomUUID(), "role", "reader"))
                                .put("/v1/collections/{c}/members", x.world().collection())));
        OPERATIONS.put(
                "DELETE /v1/collections/{collectionId}/members",
                new Op(
                        Need.COLLECTION_ADMIN,
                        204,
                        (s, x) -> s.queryParam("principal", freshMember(x.world()))
                                .delete("/v1/collections/{c}/members", x.world().collection())));
        OPERATIONS.put(
                "GET /v1/jobs/{jobId}",
                new Op(
                        Need.READER,
                        200,
                        (s, x) -> s.get("/v1/jobs/{id}", x.world().job())));
        OPERATIONS.put(
                "GET /v1/jobs/{jobId}/events",
                new Op(
                        Need.READER,
                        200,
                        (s, x) -> s.accept("text/event-stream")
                                .get("/v1/jobs/{id}/events", x.world().job())));
        OPERATIONS.put(
                "POST /v1/keys",
                new Op(
                        Need.GLOBAL_ADMIN,
                        201,
                        (s, x) -> s.contentType(ContentType.JSON)
                                .body(Map.of("owner", "matrix-" + UUID.randomUUID(), "scopes", List.of("read")))
                                .post("/v1/keys")));
        OPERATIONS.put("GET /v1/keys", new Op(Need.GLOBAL_ADMIN, 200, (s, x) -> s.get("/v1/keys")));
        OPERATIONS.put("GET /v1/info", new Op(Need.AUTHENTICATED, 200, (s, x) -> s.get("/v1/info")));
        OPERATIONS.put(
                "DELETE /v1/keys/{id}",
                new Op(Need.GLOBAL_ADMIN, 204, (s, x) -> s.delete("/v1/keys/{id}", freshKeyId())));
    }

    /** The status a caller gets: the success status when allowed, else the documented refusal. */
    static int expected(Op op, Who who) {
        if (who == Who.ANONYMOUS) {
            return 401;
        }
        boolean allowed = switch (op.need()) {
            case AUTHENTICATED -> true;
            case WRITE_SCOPE -> who != Who.ADMIN_WITH_READ_KEY;
            case GLOBAL_ADMIN -> who == Who.GLOBAL_ADMIN;
            case READER -> who != Who.OUTSIDER;
            case WRITER -> who == Who.WRITER || who == Who.COLLECTION_ADMIN || who == Who.GLOBAL_ADMIN;
            case COLLECTION_ADMIN -> who == Who.COLLECTION_ADMIN || who == Who.GLOBAL_ADMIN;
        };
        if (allowed) {
            return op.success();
        }
        // no role in the collection: it does not exist for this caller; a role too low (or no admin scope): 403
        return who == Who.OUTSIDER && op.need() != Need.GLOBAL_ADMIN && op.need() != Need.WRITE_SCOPE ? 404 : 403;
    }

    @Test
    void everyOperationAnswersEveryKindOfCallerAsDocumented() {
        assertThat(new TreeSet<>(OPERATIONS.keySet()))
                .as("every /v1 operation of the OpenAPI document has a row, and every row an operation")
                .isEqualTo(new TreeSet<>(openApiOperations()));

        String suffix = UUID.randomUUID().toString().substring(0, 8);
        String adminOwner = "matrix-admin-" + suffix;
        Map<Who, String> keys = new LinkedHashMap<>();
        keys.put(Who.ANONYMOUS, null);
        keys.put(Who.OUTSIDER, SecurityTest.key("matrix-outsider-" + suffix, List.of("write"), List.of()));
        keys.put(Who.READER, SecurityTest.key("matrix-reader-" + suffix, List.of("write"), List.of()));
        keys.put(Who.WRITER, SecurityTest.key("matrix-writer-" + suffix, List.of("write"), List.of()));
        keys.put(Who.COLLECTION_ADMIN, SecurityTest.key(adminOwner, List.of("write"), List.of()));
        keys.put(Who.ADMIN_WITH_READ_KEY, SecurityTest.key(adminOwner, List.of("read"), List.of()));
        keys.put(Who.GLOBAL_ADMIN, TestCredentials.ADMIN_KEY);

        String collection = SecurityTest.collection(keys.get(Who.COLLECTION_ADMIN));
        member(collection, "user:matrix-reader-" + suffix, "reader");
        member(collection, "user:matrix-writer-" + suffix, "writer");
        JsonPath uploaded = given().multiPart(
                        "file",
                        "matrix.txt",
                        "The matrix test checks every endpoint against every role.".getBytes(StandardCharsets.UTF_8),
                        "text/plain")
                .post("/v1/collections/{c}/documents", collection)
                .then()
                .statusCode(202)
                .extract()
                .jsonPath();
        String job = uploaded.getString("id");
        Collections.awaitJob(job, java.time.Duration.ofSeconds(60));
        String document = given().get("/v1/jobs/{id}", job).then().extract().path("documents[0].documentId");
        World world = new World(collection, document, job, keys.get(Who.COLLECTION_ADMIN), suffix);

        List<String> failures = new ArrayList<>();
        int checks = 0;
        for (var op : OPERATIONS.entrySet()) {
            for (var who : keys.entrySet()) {
                int want = expected(op.getValue(), who.getKey());
                RequestSpecification spec = who.getValue() == null
                        ? given().header(TestCredentials.ANONYMOUS, "1")
                        : given().header("Authorization", SecurityTest.bearer(who.getValue()));
                Response r = op.getValue().call().apply(spec, new Ctx(world, who.getKey(), who.getValue()));
                checks++;
                String body = r.asString();
                String code = want >= 400 ? codeOf(r) : null;
                boolean ok = r.statusCode() == want
                        && (want != 401 || "unauthenticated".equals(code))
                        && (want != 403 || "forbidden".equals(code))
                        && (want != 404 || "not_found".equals(code))
                        && (want != 404 || !body.contains("matrix.txt") && !body.contains(adminOwner));
                if (!ok) {
                    failures.add(op.getKey() + " as " + who.getKey() + ": expected " + want + ", got " + r.statusCode()
                            + " " + abbreviate(body));
                }
            }
        }
        System.out.printf(
                "endpoint access matrix: %d endpoints x %d kinds of caller = %d checks, %d failures%n",
                OPERATIONS.size(), keys.size(), checks, failures.size());
        assertThat(failures).isEmpty();
        assertThat(checks).isEqualTo(OPERATIONS.size() * keys.size());
    }

    private static String codeOf(Response r) {
        try {
            return r.jsonPath().getString("code");
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static String abbreviate(String s) {
        return s.length() > 300 ? s.substring(0, 300) + "..." : s;
    }

    /** "METHOD /path/{param}" for every /v1 operation the OpenAPI document lists. */
    static List<String> openApiOperations() {
        Map<String, Map<String, Object>> paths = given().get("/q/openapi?format=json")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getMap("paths");
        List<String> ops = new ArrayList<>();
        paths.forEach((path, methods) -> {
            if (path.startsWith("/v1/")) {
                methods.keySet().stream()
                        .filter(m -> List.of("get", "post", "put", "delete", "patch", "head")
                                .contains(m))
                        .forEach(m -> ops.add(m.toUpperCase() + " " + path));
            }
        });
        return ops;
    }

    private static void member(String collection, String principal, String role) {
        given().contentType(ContentType.JSON)
                .body(Map.of("principal", principal, "role", role))
                .put("/v1/collections/{c}/members", collection)
                .then()
                .statusCode(200);
    }

    /** A document of its own for a delete (uploaded by the global admin). */
    private static String freshDocument(String collection) {
        return given().multiPart(
                        "file",
                        "doomed-" + UUID.randomUUID() + ".txt",
                        "A document that is deleted by the matrix test.".getBytes(StandardCharsets.UTF_8),
                        "text/plain")
                .post("/v1/collections/{c}/documents?wait=true", collection)
                .then()
                .statusCode(201)
                .extract()
                .path("id");
    }

    /** A collection of its own for a delete: same admin and members as the test collection. */
    private static String freshCollection(World world) {
        String collection = SecurityTest.collection(world.adminKey());
        member(collection, "user:matrix-reader-" + world.suffix(), "reader");
        member(collection, "user:matrix-writer-" + world.suffix(), "writer");
        return collection;
    }

    /** A member of its own for a removal (granted by the global admin). */
    private static String freshMember(World world) {
        String principal = "group:doomed-" + UUID.randomUUID();
        member(world.collection(), principal, "reader");
        return principal;
    }

    /** A key of its own for a revocation (created by the global admin). */
    private static String freshKeyId() {
        return given().contentType(ContentType.JSON)
                .body(Map.of("owner", "doomed-" + UUID.randomUUID(), "scopes", List.of("read")))
                .post("/v1/keys")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
    }

    /**
     * A conversation the caller started (conversations are private to their starter), or for callers that cannot
     * ask, one the global admin started.
     */
    private static String conversationOf(Ctx x) {
        String id = UUID.randomUUID().toString();
        String key = x.key() != null && x.who() != Who.OUTSIDER ? x.key() : TestCredentials.ADMIN_KEY;
        given().header("Authorization", SecurityTest.bearer(key))
                .contentType(ContentType.JSON)
                .body(Map.of("question", "Which roles does the matrix test check?", "conversationId", id))
                .post("/v1/collections/{c}/answers", x.world().collection())
                .then()
                .statusCode(200);
        return id;
    }
}
