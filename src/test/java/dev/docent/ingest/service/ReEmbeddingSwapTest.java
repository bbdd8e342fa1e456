package dev.docent.ingest.service;

import static org.assertj.core.api.Assertions.assertThat;

import dev.docent.ingest.embed.EmbeddingModels;
import dev.docent.ingest.embed.EmbeddingProvidersProfile;
import dev.docent.ingest.queue.ClaimedItem;
import dev.docent.ingest.queue.JobQueue;
import dev.docent.testsupport.Collections;
import dev.docent.testsupport.PostgresTestResource;
import dev.docent.testsupport.Sql;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * The swap of a re-embedding completes while uploads keep arriving: chunks committed after the last pass are, when
 * they fit one batch, embedded under the swap's lock (which keeps further commits out) instead of sending the swap
 * round again. The profile's embedding batch is 2.
 */
@QuarkusTest
@TestProfile(EmbeddingProvidersProfile.class)
@QuarkusTestResource(value = PostgresTestResource.class, restrictToAnnotatedClass = false)
class ReEmbeddingSwapTest {
    static final String BGE = "bge-small-en-v1.5-q";
    static final String MINILM = "all-minilm-l6-v2-q";

    @Inject
    DataSource db;

    @Inject
    ReEmbedder reEmbedder;

    @Inject
    EmbeddingModels models;

    @Test
    void chunksCommittedAfterTheLastPassAreEmbeddedUnderTheSwapsLock() throws Exception {
        String c = Collections.create();
        Collections.uploadText(c, "a.txt", "Glaciers carve valleys as the ice slowly flows downhill.");
        Collections.uploadText(c, "b.txt", "Comets grow bright tails of gas and dust near the sun.");
        String owner = JobQueue.lease("replica-" + UUID.randomUUID(), 1);
        ClaimedItem item = reembedItem(c, owner);
        // the sweep staged a (any vector will do); b committed after the last pass
        stage(c, "a.txt");

        assertThat(reEmbedder.swap(item, owner, MINILM, null)).isFalse();
        assertThat(model(c)).isEqualTo(BGE);

        assertThat(reEmbedder.swap(item, owner, MINILM, models.forModel(MINILM)))
                .isTrue();
        assertThat(model(c)).isEqualTo(MINILM);
        assertThat(Sql.count(
                        db,
                        "SELECT count(*) FROM chunk WHERE collection_id = ?::uuid AND embedding_model <> ?",
                        c,
                        MINILM))
                .isZero();
        assertThat(Sql.count(db, "SELECT count(*) FROM chunk_embedding_next WHERE collection_id = ?::uuid", c))
                .isZero();
        assertThat(Sql.count(db, "SELECT count(*) FROM ingestion_item WHERE id = ? AND state = 'succeeded'", item.id()))
                .isEqualTo(1);
        // b's new vector is MiniLM's embedding of its text (title + chunk), not a placeholder
        assertThat(Sql.count(
                        db,
                        "SELECT count(*) FROM chunk c JOIN document d ON d.id = c.document_id WHERE d.collection_id ="
                                + " ?::uuid AND d.external_id = 'b.txt' AND vector_norm(c.embedding::vector(384))"
                                + " BETWEEN 0.99 AND 1.01 AND c.embedding::vector(384) <> ?::vector",
                        c,
                        placeholder()))
                .isEqualTo(1);
    }

    @Test
    void moreStragglersThanOneBatchSendTheSwapRoundAgain() throws Exception {
        String c = Collections.create();
        for (String name : new String[] {"x.txt", "y.txt", "z.txt"}) {
            Collections.uploadText(c, name, "Tide pools fill and drain twice a day: note " + name + ".");
        }
        String owner = JobQueue.lease("replica-" + UUID.randomUUID(), 1);
        ClaimedItem item = reembedItem(c, owner);

        assertThat(reEmbedder.swap(item, owner, MINILM, models.forModel(MINILM)))
                .isFalse();
        assertThat(model(c)).isEqualTo(BGE);
        assertThat(Sql.count(db, "SELECT count(*) FROM chunk_embedding_next WHERE collection_id = ?::uuid", c))
                .isZero();
    }

    /** A re-embedding item into MiniLM that this test holds the lease of, as a worker would after its last pass. */
    private ClaimedItem reembedItem(String collection, String owner) throws Exception {
        UUID job = UUID.randomUUID();
        UUID item = UUID.randomUUID();
        try (Connection conn = db.getConnection()) {
            Sql.exec(conn, "INSERT INTO ingestion_job (id, collection_id) VALUES (?, ?::uuid)", job, collection);
            Sql.exec(
                    conn,
                    "INSERT INTO ingestion_item (id, job_id, collection_id, seq, file_name, external_id,"
                            + " content_sha256, state, kind, target_model, attempts, lease_owner, lease_until,"
                            + " started_at) VALUES (?, ?, ?::uuid, 1, 're-embed', 'reembed:m', '', 'indexing',"
                            + " 'reembed', ?, 1, ?, now() + interval '10 minutes', now())",
                    item,
                    job,
                    collection,
                    MINILM,
                    owner);
        }
        return new ClaimedItem(
                item,
                job,
                UUID.fromString(collection),
                1,
                "re-embed",
                "reembed:m",
                null,
                0,
                null,
                null,
                false,
                "",
                0,
                1,
                ClaimedItem.REEMBED,
                MINILM,
                null);
    }

    private void stage(String collection, String externalId) throws Exception {
        try (Connection conn = db.getConnection()) {
            Sql.exec(
                    conn,
                    "INSERT INTO chunk_embedding_next (chunk_id, collection_id, model, embedding) SELECT c.id,"
                            + " c.collection_id, ?, ?::vector FROM chunk c JOIN document d ON d.id = c.document_id"
                            + " WHERE d.collection_id = ?::uuid AND d.external_id = ?",
                    MINILM,
                    placeholder(),
                    collection,
                    externalId);
        }
    }

    private static String placeholder() {
        float[] v = new float[384];
        v[7] = 1f;
        return java.util.Arrays.toString(v);
    }

    private String model(String collection) throws Exception {
        return Sql.string(db, "SELECT embedding_model FROM collection WHERE id = ?::uuid", collection);
    }
}
