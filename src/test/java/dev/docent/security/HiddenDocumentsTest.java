package dev.docent.security;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.docent.testsupport.Collections;
import dev.docent.testsupport.PostgresTestResource;
import dev.docent.testsupport.Sql;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * Documents an ACL hides from a caller stay hidden wherever else they could show: a writer cannot replace one (an
 * upload under its external id, or an archive holding one of its entries, is refused and changes nothing), a job
 * lists only what its reader may see, and a conversation no longer quotes a document an ACL change has hidden.
 */
@QuarkusTest
@QuarkusTestResource(value = PostgresTestResource.class, restrictToAnnotatedClass = false)
class HiddenDocumentsTest {

    @Inject
    DataSource db;

    private static final String SALARIES = "Salaries for 2026: the engineering band rises by four percent.";

    @Test
    void aWriterCannotReplaceOrUnrestrictADocumentItCannotSee() throws IOException {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        String c = Collections.create();
        String outsiderWriter = writer(c, "writer-" + suffix, List.of());
        String hrWriter = writer(c, "hr-writer-" + suffix, List.of("hr"));
        String hidden = given().multiPart(
                        "file", "salaries.txt", SALARIES.getBytes(StandardCharsets.UTF_8), "text/plain")
                .multiPart("aclGroups", "hr")
                .post("/v1/collections/{c}/documents?wait=true", c)
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        byte[] zip = zip("a.txt", SALARIES);
        given().multiPart("file", "pack.zip", zip, "application/zip")
                .multiPart("aclGroups", "hr")
                .post("/v1/collections/{c}/documents?wait=true", c)
                .then()
                .statusCode(org.hamcrest.Matchers.oneOf(200, 201));

        // same file name, same external id with the groups cleared, and the archive whose entry is hidden
        List<Response> refused = List.of(
                upload(outsiderWriter, c, "salaries.txt", "Everyone gets a raise.", Map.of()),
                upload(
                        outsiderWriter,
                        c,
                        "anything.txt",
                        "Everyone gets a raise.",
                        Map.of("externalId", "salaries.txt", "aclGroups", "")),
                given().header("Authorization", SecurityTest.bearer(outsiderWriter))
                        .multiPart("file", "pack.zip", zip("a.txt", "Planted text."), "application/zip")
                        .post("/v1/collections/{c}/documents", c));
        for (Response r : refused) {
            assertThat(r.statusCode()).as(r.asString()).isEqualTo(403);
            assertThat(r.jsonPath().getString("code")).isEqualTo("forbidden");
            assertThat(r.asString()).doesNotContain(hidden, "engineering band");
        }
        String text = given().get("/v1/collections/{c}/documents/{d}/text", c, hidden)
                .then()
                .statusCode(200)
                .extract()
                .path("text");
        assertThat(text).isEqualTo(SALARIES);
        assertThat(given().get("/v1/collections/{c}/documents/{d}", c, hidden)
                        .then()
                        .extract()
                        .jsonPath()
                        .getList("aclGroups"))
                .containsExactly("hr");

        // a writer in the document's group replaces it as before
        Response allowed = upload(hrWriter, c, "salaries.txt", "Salaries for 2026: frozen.", Map.of());
        assertThat(allowed.statusCode()).as(allowed.asString()).isIn(200, 201);
        assertThat(allowed.jsonPath().getString("outcome")).isEqualTo("replaced");
    }

    @Test
    void anUploadQueuedBeforeAnAclNarrowedIsRefusedWhenItCommits() throws Exception {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        String c = Collections.create();
        String engWriter = writer(c, "eng-writer-" + suffix, List.of("eng"));
        String doc = given().multiPart("file", "plan.txt", "The roadmap ships search in May.".getBytes(), "text/plain")
                .multiPart("aclGroups", "eng")
                .post("/v1/collections/{c}/documents?wait=true", c)
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        // a version that parses slowly: the ACL changes while it is in work
        String job = changedWhileInWork(
                c,
                () -> given().header("Authorization", SecurityTest.bearer(engWriter))
                        .multiPart("file", "plan.txt", slowDocument(), "text/plain")
                        .multiPart("aclGroups", ""),
                () -> given().contentType(ContentType.JSON)
                        .body(Map.of("aclGroups", List.of("legal")))
                        .put("/v1/collections/{c}/documents/{d}/acl", c, doc)
                        .then()
                        .statusCode(200));
        Collections.awaitJob(job, java.time.Duration.ofSeconds(60));

        var done = given().get("/v1/jobs/{j}", job)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertThat(done.getString("state")).isEqualTo("failed");
        assertThat(done.getString("documents[0].errorCode")).isEqualTo("forbidden");
        var stored = given().get("/v1/collections/{c}/documents/{d}", c, doc)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertThat(stored.getList("aclGroups")).containsExactly("legal");
        assertThat(stored.getString("status")).isEqualTo("succeeded");
        assertThat(given().get("/v1/collections/{c}/documents/{d}/text", c, doc)
                        .then()
                        .extract()
                        .<String>path("text"))
                .isEqualTo("The roadmap ships search in May.");
    }

    @Test
    void groupsAndMetadataSetAfterAnUploadWasMadeStayWhenItCommits() throws Exception {
        String c = Collections.create();
        String doc = given().multiPart("file", "memo.txt", "The memo is for everyone.".getBytes(), "text/plain")
                .multiPart("aclGroups", "public")
                .multiPart("metadata", "{\"team\":\"all\"}")
                .post("/v1/collections/{c}/documents?wait=true", c)
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        // a new version that states the groups and metadata the document had; while it waits, an admin narrows the
        // document and relabels it
        String job = changedWhileInWork(
                c,
                () -> given().multiPart("file", "memo.txt", slowDocument(), "text/plain")
                        .multiPart("aclGroups", "public")
                        .multiPart("metadata", "{\"team\":\"all\"}"),
                () -> {
                    given().contentType(ContentType.JSON)
                            .body(Map.of("aclGroups", List.of("board")))
                            .put("/v1/collections/{c}/documents/{d}/acl", c, doc)
                            .then()
                            .statusCode(200);
                    given().contentType(ContentType.JSON)
                            .body(Map.of("metadata", Map.of("team", "board")))
                            .put("/v1/collections/{c}/documents/{d}/metadata", c, doc)
                            .then()
                            .statusCode(200);
                });
        Collections.awaitJob(job, java.time.Duration.ofSeconds(60));

        assertThat(given().get("/v1/jobs/{j}", job).then().extract().jsonPath().getString("state"))
                .isEqualTo("succeeded");
        var stored = given().get("/v1/collections/{c}/documents/{d}", c, doc)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertThat(stored.getInt("version")).isEqualTo(2);
        // the new text, under the groups and metadata stated last (the version committing last had undone them)
        assertThat(stored.getList("aclGroups")).containsExactly("board");
        assertThat(stored.getString("metadata.team")).isEqualTo("board");

        // an upload made after the change states the groups again, and they apply
        given().multiPart("file", "memo.txt", "The memo is public again.".getBytes(), "text/plain")
                .multiPart("aclGroups", "public")
                .post("/v1/collections/{c}/documents?wait=true", c)
                .then()
                .statusCode(org.hamcrest.Matchers.oneOf(200, 201));
        assertThat(given().get("/v1/collections/{c}/documents/{d}", c, doc)
                        .then()
                        .extract()
                        .jsonPath()
                        .getList("aclGroups"))
                .containsExactly("public");
    }

    @Test
    void groupsSetWhileANewVersionCommitsStay() throws Exception {
        String c = Collections.create();
        String doc = given().multiPart("file", "brief.txt", "The brief is for everyone.".getBytes(), "text/plain")
                .multiPart("aclGroups", "public")
                .post("/v1/collections/{c}/documents?wait=true", c)
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        java.util.concurrent.CompletableFuture<Integer> put;
        String job;
        // the chunk table held: the new version's commit stops once it has read the document, before it writes
        try (Connection held = db.getConnection()) {
            held.setAutoCommit(false);
            try (var st = held.createStatement()) {
                st.execute("LOCK TABLE chunk IN SHARE MODE");
            }
            job = given().multiPart("file", "brief.txt", "The brief names the merger.".getBytes(), "text/plain")
                    .multiPart("aclGroups", "public")
                    .post("/v1/collections/{c}/documents", c)
                    .then()
                    .statusCode(202)
                    .extract()
                    .path("id");
            awaitWaiter("SELECT count(*) FROM pg_locks WHERE relation = 'chunk'::regclass AND NOT granted");
            // meanwhile the admin narrows the document: it waits for the commit, or is undone by it
            put = java.util.concurrent.CompletableFuture.supplyAsync(() -> given().contentType(ContentType.JSON)
                    .body(Map.of("aclGroups", List.of("board")))
                    .put("/v1/collections/{c}/documents/{d}/acl", c, doc)
                    .statusCode());
            Thread.sleep(500);
            held.commit();
        }
        assertThat(put.get(60, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo(200);
        Collections.awaitJob(job, java.time.Duration.ofSeconds(60));

        var stored = given().get("/v1/collections/{c}/documents/{d}", c, doc)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertThat(stored.getInt("version")).isEqualTo(2);
        assertThat(stored.getString("contentSha256"))
                .isEqualTo(java.util.HexFormat.of()
                        .formatHex(java.security.MessageDigest.getInstance("SHA-256")
                                .digest("The brief names the merger.".getBytes())));
        assertThat(stored.getList("aclGroups")).containsExactly("board");
    }

    @Test
    void anUploadWhoseJobRecordedNoUploaderMayChangeOnlyUnrestrictedDocuments() throws Exception {
        // a job made by an older replica (or before V23) has no uploader groups: read as unrestricted, its commit
        // skipped the re-check against a document restricted while it waited
        String c = Collections.create();
        String restricted = given().multiPart("file", "board.txt", "The board meets in June.".getBytes(), "text/plain")
                .multiPart("aclGroups", "legal")
                .post("/v1/collections/{c}/documents?wait=true", c)
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        Collections.uploadText(c, "menu.txt", "Soup on Mondays.");
        String refused = queuedAsAnOlderVersion(c, "board.txt", "The board meets in July.");
        String allowed = queuedAsAnOlderVersion(c, "menu.txt", "Soup on Tuesdays.");

        Collections.awaitJob(refused, java.time.Duration.ofSeconds(60));
        assertThat(given().get("/v1/jobs/{j}", refused).jsonPath().getString("documents[0].errorCode"))
                .isEqualTo("forbidden");
        assertThat(given().get("/v1/collections/{c}/documents/{d}/text", c, restricted)
                        .then()
                        .extract()
                        .<String>path("text"))
                .isEqualTo("The board meets in June.");
        Collections.awaitJob(allowed, java.time.Duration.ofSeconds(60));
        assertThat(given().get("/v1/jobs/{j}", allowed).jsonPath().getString("state"))
                .isEqualTo("succeeded");
    }

    /** A new version queued the way a replica of an older version queues it: a job row without uploader columns. */
    private String queuedAsAnOlderVersion(String c, String name, String text) throws Exception {
        UUID job = UUID.randomUUID();
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        String sha = java.util.HexFormat.of()
                .formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(bytes));
        try (Connection conn = db.getConnection()) {
            Sql.exec(conn, "INSERT INTO ingestion_job (id, collection_id) VALUES (?, ?::uuid)", job, c);
            try (var ps = conn.prepareStatement("INSERT INTO ingestion_item (id, job_id, collection_id, seq, file_name,"
                    + " external_id, content, size_bytes, content_sha256, state) VALUES (?, ?, ?::uuid, 1, ?, ?, ?, ?,"
                    + " ?, 'queued')")) {
                ps.setObject(1, UUID.randomUUID());
                ps.setObject(2, job);
                ps.setString(3, c);
                ps.setString(4, name);
                ps.setString(5, name);
                ps.setBytes(6, bytes);
                ps.setLong(7, bytes.length);
                ps.setString(8, sha);
                ps.executeUpdate();
            }
        }
        return job.toString();
    }

    /**
     * A version whose parse takes 3.2 s (4 pages of 0.8 s, the test-only parser of parse workers; its text is "Text of
     * page 1." and so on): what happens meanwhile happens after the upload was made and before it commits. A lock
     * the test held could not do that: a change of groups waits for the document's commit lock.
     */
    private static byte[] slowDocument() {
        return "DOCENT-HOSTILE-TEST pages 4 800\n".getBytes(StandardCharsets.US_ASCII);
    }

    /** Uploads (202), runs {@code meanwhile} once a worker is parsing the upload; returns the job id. */
    private String changedWhileInWork(
            String collection,
            java.util.function.Supplier<io.restassured.specification.RequestSpecification> upload,
            Runnable meanwhile)
            throws Exception {
        String job = upload.get()
                .post("/v1/collections/{c}/documents", collection)
                .then()
                .statusCode(202)
                .extract()
                .path("id");
        String parsing = "SELECT count(*) FROM ingestion_item WHERE job_id = '" + UUID.fromString(job)
                + "' AND state = 'parsing'";
        awaitWaiter(parsing);
        meanwhile.run();
        assertThat(Sql.count(db, parsing))
                .as("still parsing after the change: the change came first")
                .isEqualTo(1);
        return job;
    }

    private void awaitWaiter(String countWaiters) throws Exception {
        long until = System.nanoTime() + java.time.Duration.ofSeconds(60).toNanos();
        while (Sql.count(db, countWaiters) == 0) {
            assertThat(System.nanoTime()).as("never happened: " + countWaiters).isLessThan(until);
            Thread.sleep(50);
        }
    }

    @Test
    void aJobShowsOnlyTheDocumentsTheCallerMaySee() {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        String c = Collections.create();
        String outsider = writer(c, "job-reader-" + suffix, List.of());
        String hr = writer(c, "job-hr-" + suffix, List.of("hr"));
        String job = given().multiPart("file", "salaries.txt", SALARIES.getBytes(StandardCharsets.UTF_8), "text/plain")
                .multiPart("file", "canteen.txt", "The canteen opens at noon.".getBytes(StandardCharsets.UTF_8))
                .multiPart("aclGroups", "hr")
                .post("/v1/collections/{c}/documents", c)
                .then()
                .statusCode(202)
                .extract()
                .path("id");
        String open = given().multiPart("file", "menu.txt", "Soup on Mondays.".getBytes(StandardCharsets.UTF_8))
                .post("/v1/collections/{c}/documents", c)
                .then()
                .statusCode(202)
                .extract()
                .path("id");
        Collections.awaitJob(job, java.time.Duration.ofSeconds(60));
        Collections.awaitJob(open, java.time.Duration.ofSeconds(60));

        Response hidden =
                given().header("Authorization", SecurityTest.bearer(outsider)).get("/v1/jobs/{id}", job);
        assertThat(hidden.statusCode()).isEqualTo(200);
        assertThat(hidden.jsonPath().getList("documents")).isEmpty();
        assertThat(hidden.jsonPath().getInt("documentsTotal")).isZero();
        assertThat(hidden.jsonPath().getInt("chunksTotal")).isZero();
        assertThat(hidden.asString()).doesNotContain("salaries", "canteen");
        String events = given().header("Authorization", SecurityTest.bearer(outsider))
                .accept("text/event-stream")
                .get("/v1/jobs/{id}/events", job)
                .then()
                .statusCode(200)
                .extract()
                .asString();
        assertThat(events).contains("\"terminal\":true").doesNotContain("salaries", "canteen");

        Response shown =
                given().header("Authorization", SecurityTest.bearer(hr)).get("/v1/jobs/{id}", job);
        assertThat(shown.jsonPath().getList("documents.fileName", String.class))
                .containsExactlyInAnyOrder("salaries.txt", "canteen.txt");
        assertThat(given().header("Authorization", SecurityTest.bearer(outsider))
                        .get("/v1/jobs/{id}", open)
                        .jsonPath()
                        .getList("documents.fileName", String.class))
                .containsExactly("menu.txt");
    }

    @Test
    void aConversationStopsQuotingADocumentAnAclChangeHides() {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        String c = Collections.create();
        String reader = reader(c, "conv-legal-" + suffix, List.of("write"), List.of("legal"));
        String document = uploadRestricted(c, "salaries.txt", SALARIES, "legal");
        String conversation = UUID.randomUUID().toString();
        ask(reader, c, "How much does the engineering band rise?", conversation)
                .then()
                .statusCode(200)
                .body("citations[0].documentId", org.hamcrest.Matchers.equalTo(document));
        Response before = given().header("Authorization", SecurityTest.bearer(reader))
                .get("/v1/collections/{c}/conversations/{id}", c, conversation);
        assertThat(before.jsonPath().getBoolean("turns[0].redacted")).isFalse();
        assertThat(before.asString()).contains("Salaries for 2026");

        given().contentType(ContentType.JSON)
                .body(Map.of("aclGroups", List.of("hr")))
                .put("/v1/collections/{c}/documents/{d}/acl", c, document)
                .then()
                .statusCode(200);

        Response after = given().header("Authorization", SecurityTest.bearer(reader))
                .get("/v1/collections/{c}/conversations/{id}", c, conversation);
        assertThat(after.statusCode()).isEqualTo(200);
        assertThat(after.jsonPath().getBoolean("turns[0].redacted")).isTrue();
        assertThat(after.jsonPath().getList("turns[0].citations")).isEmpty();
        assertThat(after.jsonPath().getString("turns[0].answer")).isNull();
        assertThat(after.asString()).doesNotContain("Salaries for 2026", "four percent", document);
        assertThat(after.jsonPath().getString("turns[0].question"))
                .isEqualTo("How much does the engineering band rise?");
    }

    @Test
    void aHiddenTurnStaysHiddenWhenItsDocumentIsDeletedAndFollowUpsDoNotCarryItsAnswer() {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        String c = Collections.create();
        String reader = reader(c, "conv-follow-" + suffix, List.of("read"), List.of("legal"));
        String document = uploadRestricted(
                c,
                "people.md",
                "# Negotiation team\n\nThe PURPLEMONKEY negotiation is led by Margaret Thornbury, a partner.",
                "legal");
        String conversation = UUID.randomUUID().toString();
        ask(reader, c, "Who leads the PURPLEMONKEY negotiation?", conversation)
                .then()
                .statusCode(200)
                .body("shortAnswer.text", org.hamcrest.Matchers.equalTo("Margaret Thornbury"));
        given().contentType(ContentType.JSON)
                .body(Map.of("aclGroups", List.of("hr")))
                .put("/v1/collections/{c}/documents/{d}/acl", c, document)
                .then()
                .statusCode(200);

        // a follow-up must not carry the hidden turn's short answer into its standalone question
        Response followUp = ask(reader, c, "Where did she study?", conversation);
        assertThat(followUp.statusCode()).isEqualTo(200);
        assertThat(followUp.asString()).doesNotContain("Thornbury");

        // deleting the hidden document does not bring its quotes back
        given().delete("/v1/collections/{c}/documents/{d}", c, document).then().statusCode(204);
        Response history = given().header("Authorization", SecurityTest.bearer(reader))
                .get("/v1/collections/{c}/conversations/{id}", c, conversation);
        assertThat(history.statusCode()).isEqualTo(200);
        assertThat(history.jsonPath().getBoolean("turns[0].redacted")).isTrue();
        assertThat(history.asString()).doesNotContain("Thornbury", "partner");
        assertThat(history.jsonPath().getString("turns[1].question")).isEqualTo("Where did she study?");
    }

    @Test
    void aDocumentDeletedByAnotherWriterKeepsItsCitationsHiddenAndOneWithUnknownGroupsIsHidden() throws Exception {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        String c = Collections.create();
        String reader = reader(c, "old-replica-" + suffix, List.of("read"), List.of("legal"));
        String secret = uploadRestricted(c, "deal.md", "# Deal\n\nThe OTTERGAMMA deal closes on Friday.", "legal");
        String open = Collections.uploadText(c, "menu.txt", "The canteen serves OTTERDELTA soup on Mondays.")
                .getString("id");
        String first = UUID.randomUUID().toString();
        String second = UUID.randomUUID().toString();
        ask(reader, c, "When does the OTTERGAMMA deal close?", first).then().statusCode(200);
        ask(reader, c, "What soup does the canteen serve?", second).then().statusCode(200);
        given().contentType(ContentType.JSON)
                .body(Map.of("aclGroups", List.of("hr")))
                .put("/v1/collections/{c}/documents/{d}/acl", c, secret)
                .then()
                .statusCode(200);

        // a replica of an older version deletes without writing a tombstone: the database writes it (V28)
        try (Connection conn = db.getConnection()) {
            Sql.exec(conn, "DELETE FROM chunk WHERE document_id = ?::uuid", secret);
            Sql.exec(conn, "DELETE FROM document WHERE id = ?::uuid", secret);
        }
        Response history = given().header("Authorization", SecurityTest.bearer(reader))
                .get("/v1/collections/{c}/conversations/{id}", c, first);
        assertThat(history.jsonPath().getBoolean("turns[0].redacted")).isTrue();
        assertThat(history.asString()).doesNotContain("Friday");

        // a public document deleted by the service keeps its citations; one gone before tombstones were kept for
        // every deletion (no tombstone: its groups are unknown) is hidden from callers who do not see everything
        given().delete("/v1/collections/{c}/documents/{d}", c, open).then().statusCode(204);
        assertThat(given().header("Authorization", SecurityTest.bearer(reader))
                        .get("/v1/collections/{c}/conversations/{id}", c, second)
                        .jsonPath()
                        .getBoolean("turns[0].redacted"))
                .isFalse();
        try (Connection conn = db.getConnection()) {
            Sql.exec(conn, "DELETE FROM document_tombstone WHERE document_id = ?::uuid", open);
        }
        assertThat(given().header("Authorization", SecurityTest.bearer(reader))
                        .get("/v1/collections/{c}/conversations/{id}", c, second)
                        .jsonPath()
                        .getBoolean("turns[0].redacted"))
                .isTrue();
    }

    @Test
    void aNewEntryOfARestrictedArchiveReUploadedWithoutGroupsIsNotPublished() throws IOException {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        String c = Collections.create();
        String outsider = reader(c, "arch-reader-" + suffix, List.of("read"), List.of());
        given().multiPart("file", "secret.zip", zip(Map.of("a.md", "The OCELOTALPHA budget is 5 million.")))
                .multiPart("aclGroups", "hr")
                .post("/v1/collections/{c}/documents?wait=true", c)
                .then()
                .statusCode(org.hamcrest.Matchers.oneOf(200, 201));
        // a routine re-upload states no groups: the entry it had keeps its own, the new one must not be public
        given().multiPart(
                        "file",
                        "secret.zip",
                        zip(Map.of(
                                "a.md", "The OCELOTALPHA budget is 5 million.",
                                "b.md", "The OCELOTBETA layoffs hit 300 staff.")))
                .post("/v1/collections/{c}/documents?wait=true", c)
                .then()
                .statusCode(org.hamcrest.Matchers.oneOf(200, 201));

        Response listed = given().get("/v1/collections/{c}/documents?q=secret.zip", c);
        assertThat(listed.jsonPath().getList("externalId", String.class))
                .containsExactlyInAnyOrder("secret.zip!/a.md", "secret.zip!/b.md");
        assertThat(listed.jsonPath().getList("aclGroups", List.class)).containsOnly(List.of("hr"));
        Response search = given().header("Authorization", SecurityTest.bearer(outsider))
                .contentType(ContentType.JSON)
                .body(Map.of("query", "OCELOTBETA layoffs", "mode", "keyword"))
                .post("/v1/collections/{c}/search", c);
        assertThat(search.statusCode()).isEqualTo(200);
        assertThat(search.jsonPath().getList("hits")).isEmpty();
    }

    /** A key of {@code owner} with these scopes and groups, made a reader of the collection. */
    private static String reader(String collection, String owner, List<String> scopes, List<String> groups) {
        String key = SecurityTest.key(owner, scopes, groups);
        given().contentType(ContentType.JSON)
                .body(Map.of("principal", "user:" + owner, "role", "reader"))
                .put("/v1/collections/{c}/members", collection)
                .then()
                .statusCode(200);
        return key;
    }

    /** Uploads (as the global admin) a document only {@code group} may read; its id. */
    private static String uploadRestricted(String collection, String name, String text, String group) {
        return given().multiPart("file", name, text.getBytes(StandardCharsets.UTF_8))
                .multiPart("aclGroups", group)
                .post("/v1/collections/{c}/documents?wait=true", collection)
                .then()
                .statusCode(201)
                .extract()
                .path("id");
    }

    private static Response ask(String key, String collection, String question, String conversation) {
        return given().header("Authorization", SecurityTest.bearer(key))
                .contentType(ContentType.JSON)
                .body(Map.of("question", question, "conversationId", conversation))
                .post("/v1/collections/{c}/answers", collection);
    }

    private static String writer(String collection, String owner, List<String> groups) {
        String key = SecurityTest.key(owner, List.of("write"), groups);
        given().contentType(ContentType.JSON)
                .body(Map.of("principal", "user:" + owner, "role", "writer"))
                .put("/v1/collections/{c}/members", collection)
                .then()
                .statusCode(200);
        return key;
    }

    private static Response upload(String key, String c, String name, String text, Map<String, String> fields) {
        var spec = given().header("Authorization", SecurityTest.bearer(key))
                .multiPart("file", name, text.getBytes(StandardCharsets.UTF_8), "text/plain");
        for (var f : fields.entrySet()) {
            spec = spec.multiPart(f.getKey(), f.getValue());
        }
        return spec.post("/v1/collections/{c}/documents?wait=true", c);
    }

    private static byte[] zip(String entry, String text) throws IOException {
        return zip(Map.of(entry, text));
    }

    private static byte[] zip(Map<String, String> entries) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream out = new ZipOutputStream(bytes)) {
            for (var e : new java.util.TreeMap<>(entries).entrySet()) {
                out.putNextEntry(new ZipEntry(e.getKey()));
                out.write(e.getValue().getBytes(StandardCharsets.UTF_8));
                out.closeEntry();
            }
        }
        return bytes.toByteArray();
    }
}
