package dev.docent.ingest.queue;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.docent.ingest.service.JobService;
import dev.docent.testsupport.PostgresTestResource;
import dev.docent.testsupport.SharedData;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.io.File;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;

/** Archives: each entry becomes a document; hostile archives end as coded per-document failures. */
@QuarkusTest
@QuarkusTestResource(value = PostgresTestResource.class, restrictToAnnotatedClass = false)
class ArchiveIngestionTest {

    @Inject
    JobService jobs;

    @Inject
    javax.sql.DataSource db;

    /** Uploads the files in one request to a new collection and returns the finished job. */
    JsonPath ingest(File... files) {
        return ingestInto(IngestionJobTest.newCollection(), files);
    }

    @Test
    void eachZipEntryIsADocumentWithItsArchivePath() throws Exception {
        JsonPath job = ingest(SharedData.tikaFile("zip/test-documents.zip").toFile());
        assertThat(job.getBoolean("terminal")).isTrue();
        List<Map<String, Object>> docs = job.getList("documents");
        // an archive has no chunks of its own (its row had counted its 9 entries as chunks)
        assertThat(docs.get(0)).containsEntry("state", "expanded").containsEntry("chunksTotal", null);
        assertThat(job.getInt("documentsTotal")).isEqualTo(9);
        assertThat(job.getInt("documentsSucceeded")).isGreaterThanOrEqualTo(7);
        Map<String, Object> pdf = docs.stream()
                .filter(d -> "testPDF.pdf".equals(d.get("fileName")))
                .findFirst()
                .orElseThrow();
        assertThat(pdf)
                .containsEntry("archivePath", "test-documents.zip!/testPDF.pdf")
                .containsEntry("externalId", "test-documents.zip!/testPDF.pdf")
                .containsEntry("state", "succeeded");
        String collection = job.getString("collectionId");
        given().get("/v1/collections/{c}/documents?q=testPDF", collection)
                .then()
                .body("[0].chunkCount", org.hamcrest.Matchers.greaterThan(0));
        // the archive's own bytes are dropped once its entries are enqueued; each entry keeps its bytes
        assertThat(storedBytes(job.getString("id"), "expanded")).containsOnly(false);
        assertThat(storedBytes(job.getString("id"), "succeeded")).containsOnly(true);
    }

    private List<Boolean> storedBytes(String jobId, String state) throws java.sql.SQLException {
        try (var c = db.getConnection();
                var ps = c.prepareStatement(
                        "SELECT content IS NOT NULL FROM ingestion_item WHERE job_id = ? AND state = ?")) {
            ps.setObject(1, UUID.fromString(jobId));
            ps.setString(2, state);
            List<Boolean> stored = new java.util.ArrayList<>();
            try (var rs = ps.executeQuery()) {
                while (rs.next()) {
                    stored.add(rs.getBoolean(1));
                }
            }
            assertThat(stored).isNotEmpty();
            return stored;
        }
    }

    @Test
    void anArchiveThatExpandsLeavesNoFailedDocumentFromAnEarlierBrokenUpload() throws Exception {
        // found by an audit: the broken upload's failed "arch.zip" document stayed listed and counted for good
        Path dir = Files.createTempDirectory("docent-arch");
        Path good = dir.resolve("arch.zip");
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(good))) {
            for (int i = 1; i <= 3; i++) {
                zip.putNextEntry(new ZipEntry("note-" + i + ".txt"));
                zip.write(("Depot note number " + i + " about the opening hours of the depot.")
                        .getBytes(StandardCharsets.UTF_8));
                zip.closeEntry();
            }
        }
        byte[] bytes = Files.readAllBytes(good);
        Path broken = Files.createDirectories(dir.resolve("broken")).resolve("arch.zip");
        Files.write(broken, java.util.Arrays.copyOf(bytes, bytes.length / 2));
        String c = IngestionJobTest.newCollection();
        try {
            assertThat(ingestInto(c, broken.toFile()).getString("state")).isEqualTo("failed");
            assertThat(failed(c).getList("externalId")).containsExactly("arch.zip");

            assertThat(ingestInto(c, good.toFile()).getString("state")).isEqualTo("succeeded");
            assertThat(failed(c).getList("externalId")).isEmpty();
            assertThat(given().get("/v1/collections/{c}/documents", c)
                            .then()
                            .extract()
                            .jsonPath()
                            .getList("externalId", String.class))
                    .containsExactlyInAnyOrder("arch.zip!/note-1.txt", "arch.zip!/note-2.txt", "arch.zip!/note-3.txt");
        } finally {
            Files.deleteIfExists(broken);
            Files.deleteIfExists(broken.getParent());
            Files.deleteIfExists(good);
            Files.deleteIfExists(dir);
        }
    }

    /** The collection's failed documents, as listed. */
    private static JsonPath failed(String collection) {
        return given().get("/v1/collections/{c}/documents?status=failed", collection)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
    }

    /** Uploads the files in one request to {@code collection} and returns the finished job. */
    private JsonPath ingestInto(String collection, File... files) {
        var request = given();
        for (File file : files) {
            request = request.multiPart("file", file);
        }
        String jobId = request.post("/v1/collections/{c}/documents", collection)
                .then()
                .statusCode(202)
                .extract()
                .path("id");
        jobs.await(UUID.fromString(jobId), Duration.ofMinutes(3));
        return given().get("/v1/jobs/{id}", jobId)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
    }

    @Test
    void quineAndRecursiveZipStopAtTheDepthLimit() {
        JsonPath quine = ingest(SharedData.tikaFile("gz/quine.gz").toFile());
        assertThat(quine.getString("state")).isEqualTo("failed");
        assertThat(quine.getList("documents.errorCode")).contains("too_deep");

        JsonPath droste = ingest(SharedData.tikaFile("zip/droste.zip").toFile());
        assertThat(droste.getBoolean("terminal")).isTrue();
        assertThat(droste.getList("documents.errorCode")).contains("too_deep");
    }

    @Test
    void encryptedCorruptAndBombArchivesFailWithStableCodes() throws Exception {
        JsonPath encrypted =
                ingest(SharedData.tikaFile("zip/testZipEncrypted.zip").toFile());
        assertThat(encrypted.getList("documents.errorCode")).contains("password_protected");
        // the entry that failed as the archive expanded is a failed document too, as one failing in its parse is
        assertThat(failed(encrypted.getString("collectionId")).getList("errorCode"))
                .contains("password_protected");
        assertThat(ingest(SharedData.tikaFile("7z/test7Z_protected_passTika.7z").toFile())
                        .getList("documents.errorCode"))
                .contains("password_protected");
        JsonPath corrupt =
                ingest(SharedData.tikaFile("zip/testZIP_corrupted_oom.zip").toFile());
        assertThat(corrupt.getString("state")).isEqualTo("failed");
        assertThat(corrupt.getList("documents.errorCode")).containsAnyOf("corrupt", "empty");

        Path bomb = Files.createTempDirectory("bomb").resolve("bomb.zip");
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(bomb))) {
            zip.putNextEntry(new ZipEntry("zeros.txt"));
            byte[] block = new byte[1 << 20];
            java.util.Arrays.fill(block, (byte) 'a');
            OutputStream out = zip;
            for (int i = 0; i < 30; i++) {
                out.write(block);
            }
            zip.closeEntry();
        }
        JsonPath job;
        try {
            job = ingest(bomb.toFile());
        } finally {
            Files.deleteIfExists(bomb); // tests leave nothing in the temporary directory
            Files.deleteIfExists(bomb.getParent());
        }
        assertThat(job.getString("state")).isEqualTo("failed");
        assertThat(job.getString("documents[0].errorCode")).isEqualTo("compression_ratio");
    }

    @Test
    void tarAnd7zAreExpanded() {
        JsonPath tar = ingest(SharedData.tikaFile("tar/test-documents.tar").toFile());
        assertThat(tar.getInt("documentsTotal")).isGreaterThan(1);
        assertThat(tar.getInt("documentsSucceeded")).isPositive();
        JsonPath sevenZ = ingest(SharedData.tikaFile("7z/test-documents.7z").toFile());
        assertThat(sevenZ.getInt("documentsTotal")).isGreaterThan(1);
        assertThat(sevenZ.getInt("documentsSucceeded")).isPositive();
    }

    @Test
    void twoArchivesOfOneUploadKeepTheirOwnEntries() throws Exception {
        // expanded by two workers at once, they must not number their entries alike (which swapped their paths)
        java.util.List<File> zips = new java.util.ArrayList<>();
        for (String name : java.util.List.of("north", "south")) {
            Path zip = Files.createTempDirectory("docent-two").resolve(name + ".zip");
            try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(zip))) {
                for (int i = 1; i <= 5; i++) {
                    out.putNextEntry(new ZipEntry(name + "-" + i + ".txt"));
                    out.write(("Depot " + name + " report number " + i + ".").getBytes(StandardCharsets.UTF_8));
                    out.closeEntry();
                }
            }
            zips.add(zip.toFile());
        }
        JsonPath job = ingest(zips.toArray(File[]::new));
        for (File zip : zips) {
            Files.deleteIfExists(zip.toPath());
            Files.deleteIfExists(zip.toPath().getParent());
        }
        String jobId = job.getString("id");

        java.util.List<String> paths = job.getList("documents.archivePath", String.class).stream()
                .filter(p -> p != null && p.contains("!/"))
                .toList();
        assertThat(paths).hasSize(10);
        assertThat(paths)
                .allSatisfy(p ->
                        assertThat(p.substring(p.indexOf("!/") + 2)).startsWith(p.substring(0, p.indexOf(".zip"))));
        try (var conn = db.getConnection();
                var ps = conn.prepareStatement(
                        "SELECT count(*) - count(DISTINCT seq) FROM ingestion_item WHERE job_id = ?::uuid")) {
            ps.setString(1, jobId);
            try (var rs = ps.executeQuery()) {
                rs.next();
                assertThat(rs.getInt(1)).as("items numbered alike").isZero();
            }
        }
    }
}
