package dev.docent.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.pgvector.PGvector;
import dev.docent.ingest.embed.EmbeddingModels;
import dev.docent.ingest.embed.onnx.Vectors;
import dev.docent.ingest.service.IngestionPipeline;
import dev.docent.testsupport.PostgresTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/** A table too large for one chunk, through the real pipeline: every part is embedded with the table's header. */
@QuarkusTest
@QuarkusTestResource(value = PostgresTestResource.class, restrictToAnnotatedClass = false)
class TableFlowTest {

    private static final String HEADER = "Employee\tDepartment\tOffice\tStart year";

    @Inject
    DataSource db;

    @Inject
    EmbeddingModels models;

    record StoredChunk(
            long id,
            int ordinal,
            String text,
            String tableHeader,
            String title,
            List<String> headings,
            float[] vector,
            String model) {}

    @Test
    void everyChunkAfterTheFirstOfALargeTableCarriesAndEmbedsItsHeaderRow() throws Exception {
        String[] departments = {"Finance", "Research", "Sales", "Legal", "Support"};
        StringBuilder csv = new StringBuilder(HEADER.replace('\t', ',')).append('\n');
        for (int i = 0; i < 150; i++) {
            csv.append("Person ")
                    .append(i)
                    .append(',')
                    .append(departments[i % departments.length])
                    .append(",Building ")
                    .append((char) ('A' + i % 7))
                    .append(',')
                    .append(1990 + i % 30)
                    .append('\n');
        }
        Path file = Files.createTempFile("staff", ".csv");
        Files.writeString(file, csv);
        File upload = file.toFile();

        String c = DocumentFlowTest.newCollection();
        JsonPath doc = DocumentFlowTest.upload(c, upload, 201);
        List<StoredChunk> chunks = chunks(doc.getString("id"));

        assertThat(chunks).hasSizeGreaterThan(2);
        assertThat(chunks.get(0).text()).startsWith(HEADER);
        assertThat(chunks.get(0).tableHeader()).isNull();
        for (StoredChunk chunk : chunks.subList(1, chunks.size())) {
            assertThat(chunk.tableHeader()).isEqualTo(HEADER);
            assertThat(chunk.text()).startsWith("Person ").doesNotContain("Department");
        }
        // the stored vector is the embedding of title + headings + header row + text
        StoredChunk second = chunks.get(1);
        String embedded =
                IngestionPipeline.embeddingText(second.title(), second.headings(), second.tableHeader(), second.text());
        assertThat(embedded).contains(HEADER + "\n" + second.text());
        float[] expected =
                models.forModel(second.model()).embedPassages(List.of(embedded)).get(0);
        assertThat(Vectors.cosine(second.vector(), expected)).isGreaterThan(0.999);

        // search hits show the header of the table a hit continues (and nothing for the part that holds it)
        JsonPath search = given().contentType(ContentType.JSON)
                .body(Map.of("query", "Person 117", "topK", 20))
                .post("/v1/collections/{c}/search", c)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        List<Map<String, Object>> hits = search.getList("hits");
        assertThat(hits).isNotEmpty();
        for (Map<String, Object> hit : hits) {
            boolean first =
                    ((Number) hit.get("chunkId")).longValue() == chunks.get(0).id();
            assertThat(hit.get("tableHeader")).isEqualTo(first ? null : HEADER);
            assertThat(hit.containsKey("tableHeader")).isEqualTo(!first);
        }
        Files.deleteIfExists(file);
    }

    @Test
    void aMarkdownPipeTableIsSplitTheSameWayUnderItsHeading() throws Exception {
        StringBuilder md = new StringBuilder("# Staff directory\n\n## Everyone\n\n| Employee | Department | Office |"
                + " Start year |\n|---|---|:---:|---:|\n");
        for (int i = 0; i < 150; i++) {
            md.append("| Person ")
                    .append(i)
                    .append(" | Team ")
                    .append(i % 5)
                    .append(" | Building ")
                    .append((char) ('A' + i % 7))
                    .append(" | ")
                    .append(1990 + i % 30)
                    .append(" |\n");
        }
        Path file = Files.createTempFile("staff", ".md");
        Files.writeString(file, md);

        String c = DocumentFlowTest.newCollection();
        JsonPath doc = DocumentFlowTest.upload(c, file.toFile(), 201);
        List<StoredChunk> chunks = chunks(doc.getString("id"));

        assertThat(chunks).hasSizeGreaterThan(2);
        assertThat(chunks.get(0).title()).isEqualTo("Staff directory");
        assertThat(chunks.get(0).tableHeader()).isNull();
        for (StoredChunk chunk : chunks.subList(1, chunks.size())) {
            assertThat(chunk.tableHeader()).isEqualTo(HEADER);
            assertThat(chunk.text()).startsWith("| Person ").doesNotContain("Department");
            assertThat(chunk.headings()).containsExactly("Staff directory", "Everyone");
        }
        Files.deleteIfExists(file);
    }

    private List<StoredChunk> chunks(String documentId) throws Exception {
        try (Connection conn = db.getConnection();
                PreparedStatement ps = conn.prepareStatement("SELECT c.id, c.ordinal, c.text, c.table_header, d.title,"
                        + " c.heading_path, c.embedding, c.embedding_model FROM chunk c JOIN document d"
                        + " ON d.id = c.document_id WHERE c.document_id = ?::uuid ORDER BY c.ordinal")) {
            ps.setString(1, documentId);
            List<StoredChunk> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    List<String> headings = Arrays.stream(
                                    (Object[]) rs.getArray(6).getArray())
                            .map(String::valueOf)
                            .toList();
                    out.add(new StoredChunk(
                            rs.getLong(1),
                            rs.getInt(2),
                            rs.getString(3),
                            rs.getString(4),
                            rs.getString(5),
                            headings,
                            new PGvector(rs.getString(7)).toArray(),
                            rs.getString(8)));
                }
            }
            return out;
        }
    }
}
