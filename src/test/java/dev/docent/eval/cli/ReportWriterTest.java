package dev.docent.eval.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReportWriterTest {

    private static Report report() {
        Map<String, Object> provenance = new LinkedHashMap<>();
        provenance.put("started_at", "2026-12-08T10:00:00Z");
        provenance.put("dataset_path", "/data/squad.json");
        provenance.put("dataset_sha256", "ab12");
        provenance.put("commit", "0123abc");
        provenance.put(
                "server",
                new ServerIdentity("0.1.0", Map.of("chunkTokens", 256), "cafe0123").describe("http://localhost:8080"));
        provenance.put("collections", List.of("eval-squad-0011-icafe0123"));
        provenance.put("fresh", false);
        return new Report(
                        "squad.json",
                        null,
                        Map.of(),
                        Map.of(),
                        Map.of("f1", 0.5),
                        List.of(
                                new Report.QueryRow("q1", "Who?", 0.0, "abstained", List.of(), List.of()),
                                new Report.QueryRow("q2", "What?", 0.25, "f1", List.of(), List.of("a0#0"))))
                .withProvenance(provenance);
    }

    @Test
    void theJsonSaysWhatWasMeasured() throws Exception {
        JsonNode json = new ObjectMapper().readTree(ReportWriter.json(report()));
        assertThat(json.path("started_at").asText()).isEqualTo("2026-12-08T10:00:00Z");
        assertThat(json.path("dataset_path").asText()).isEqualTo("/data/squad.json");
        assertThat(json.path("dataset_sha256").asText()).isEqualTo("ab12");
        assertThat(json.path("commit").asText()).isEqualTo("0123abc");
        assertThat(json.path("server").path("version").asText()).isEqualTo("0.1.0");
        assertThat(json.path("server").path("ingestion").path("chunkTokens").asInt())
                .isEqualTo(256);
        assertThat(json.path("server").path("ingestion_fingerprint").asText()).isEqualTo("cafe0123");
    }

    @Test
    void theMarkdownHeaderSaysWhatWasMeasuredAndMixedScoresAreLabelled() {
        String md = ReportWriter.markdown(report());
        assertThat(md)
                .contains("- started: 2026-12-08T10:00:00Z")
                .contains("- dataset: /data/squad.json (sha256 ab12)")
                .contains("- commit: 0123abc")
                .contains("fingerprint cafe0123");
        assertThat(md)
                .contains("| query | score |")
                .contains("0.000 (abstained)")
                .contains("0.250 (f1)");
    }
}
