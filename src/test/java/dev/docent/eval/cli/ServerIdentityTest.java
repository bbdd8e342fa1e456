package dev.docent.eval.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The ingestion fingerprint in eval collection names: other chunking or another model, another collection. */
class ServerIdentityTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static ServerIdentity of(String json) throws Exception {
        return ServerIdentity.of(Optional.of(JSON.readTree(json)));
    }

    @Test
    void theFingerprintFollowsTheIngestionSettingsNotTheirOrderOrTheVersion() throws Exception {
        ServerIdentity a = of("{\"version\": \"1\", \"ingestion\": {\"chunkTokens\": 256, \"chunkOverlapTokens\": 32,"
                + " \"embeddingModel\": \"bge-small-en-v1.5-q\"}}");
        ServerIdentity reordered =
                of("{\"version\": \"2\", \"ingestion\": {\"embeddingModel\": \"bge-small-en-v1.5-q\","
                        + " \"chunkOverlapTokens\": 32, \"chunkTokens\": 256}}");
        ServerIdentity chunk64 =
                of("{\"version\": \"1\", \"ingestion\": {\"chunkTokens\": 64, \"chunkOverlapTokens\": 8,"
                        + " \"embeddingModel\": \"bge-small-en-v1.5-q\"}}");

        assertThat(a.fingerprint()).hasSize(8).isEqualTo(reordered.fingerprint());
        assertThat(chunk64.fingerprint()).isNotEqualTo(a.fingerprint());
        assertThat(EvalCollections.nameFor("eval-tiny-0123456789abcdef", a.fingerprint(), false))
                .isEqualTo("eval-tiny-0123456789abcdef-i" + a.fingerprint());
        assertThat(EvalCollections.nameFor("eval-tiny-0123456789abcdef", chunk64.fingerprint(), false))
                .isNotEqualTo(EvalCollections.nameFor("eval-tiny-0123456789abcdef", a.fingerprint(), false));
    }

    @Test
    void aFreshNameIsNewEveryTimeAndAnOldServerHasNoFingerprint() {
        String one = EvalCollections.nameFor("eval-x-00", "cafe0123", true);
        assertThat(one).startsWith("eval-x-00-icafe0123-fresh-");
        assertThat(EvalCollections.nameFor("eval-x-00", "cafe0123", true)).isNotEqualTo(one);
        ServerIdentity old = ServerIdentity.of(Optional.empty());
        assertThat(old.fingerprint()).isNull();
        assertThat(EvalCollections.nameFor("eval-x-00", null, false)).isEqualTo("eval-x-00");
    }
}
