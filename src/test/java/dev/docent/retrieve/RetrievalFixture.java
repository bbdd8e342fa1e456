package dev.docent.retrieve;

import com.pgvector.PGvector;
import dev.docent.ingest.embed.Embedder;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * A collection written straight into PostgreSQL (the ingestion pipeline is not under test here): 200 documents of
 * 5 chunks over 20 topics whose vectors are real bge-small embeddings of the topic sentence, perturbed and
 * re-normalised, plus one "needle" document with its own real embedding. Exactly 10 documents (5% of the chunks)
 * are PDFs with metadata {@code team=alpha}, updated in 2020; the rest are text/plain from 2025.
 */
public final class RetrievalFixture {
    public static final String[] TOPICS = {
        "Glaciers in the Alps are retreating faster every decade because of rising temperatures.",
        "The central bank raised interest rates to fight persistent inflation.",
        "Sourdough bread needs a lively starter and a long cold fermentation.",
        "The goalkeeper saved a penalty in the final minute of the match.",
        "Photosynthesis converts sunlight, water and carbon dioxide into sugar and oxygen.",
        "The compiler optimises loops by unrolling them and hoisting invariant code.",
        "Medieval castles were built with thick stone walls and narrow arrow slits.",
        "Vaccines train the immune system to recognise a pathogen before infection.",
        "The orchestra rehearsed the symphony with a new conductor from Vienna.",
        "Electric cars store energy in lithium-ion battery packs under the floor.",
        "Coral reefs bleach when sea water stays too warm for several weeks.",
        "The court ruled that the contract clause was unenforceable.",
        "Honey bees communicate the location of flowers with a waggle dance.",
        "Earthquakes happen when stress builds up along tectonic fault lines.",
        "The novel follows a detective solving a murder on a night train.",
        "Wind turbines turn kinetic energy of moving air into electricity.",
        "Regular exercise lowers blood pressure and improves sleep quality.",
        "The database uses a write-ahead log to survive crashes without losing commits.",
        "Volcanic ash grounded flights across northern Europe for a week.",
        "Tea plantations grow on steep hills in a humid subtropical climate."
    };
    public static final String NEEDLE_TEXT =
            "Mitochondria are the powerhouse of the cell: they produce ATP through oxidative phosphorylation.";
    public static final String NEEDLE_QUERY = "which organelle produces ATP in the cell";
    public static final int DOCUMENTS = 200;
    public static final int CHUNKS_PER_DOCUMENT = 5;
    public static final Instant OLD = Instant.parse("2020-01-01T00:00:00Z");
    public static final Instant NEW = Instant.parse("2025-01-01T00:00:00Z");

    public final UUID collectionId = UUID.randomUUID();
    public final List<UUID> alphaDocuments = new ArrayList<>();
    public final List<UUID> documents = new ArrayList<>();
    public UUID needleDocument;

    private static RetrievalFixture shared;

    /** One fixture per test JVM (building it embeds 21 sentences and inserts ~1,000 chunks). */
    public static synchronized RetrievalFixture shared(DataSource ds, Embedder embedder) {
        if (shared == null) {
            RetrievalFixture f = new RetrievalFixture();
            try {
                f.load(ds, embedder);
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
            shared = f;
        }
        return shared;
    }

    /** Is document {@code id} one of the 5% "alpha" documents? */
    public boolean isAlpha(UUID id) {
        return alphaDocuments.contains(id);
    }

    private void load(DataSource ds, Embedder embedder) throws SQLException {
        List<float[]> topicVectors = embedder.embedPassages(List.of(TOPICS));
        Random random = new Random(7);
        try (Connection conn = ds.getConnection()) {
            conn.setAutoCommit(false);
            try (PreparedStatement ps = conn.prepareStatement(
                    "INSERT INTO collection (id, name, embedding_model, owner) VALUES (?, ?, ?, 'user:fixture')")) {
                ps.setObject(1, collectionId);
                ps.setString(2, "retrieval-fixture-" + collectionId);
                ps.setString(3, embedder.modelId());
                ps.executeUpdate();
            }
            try (PreparedStatement doc = conn.prepareStatement(
                            "INSERT INTO document (id, collection_id, external_id, title, media_type, content_sha256,"
                                    + " status, metadata, updated_at) VALUES (?, ?, ?, ?, ?, 'x', 'succeeded',"
                                    + " CAST(? AS jsonb), ?)");
                    PreparedStatement chunk = conn.prepareStatement(
                            "INSERT INTO chunk (document_id, collection_id, ordinal, text, token_count, char_start,"
                                    + " char_end, embedding) VALUES (?, ?, ?, ?, 10, ?, ?, ?)")) {
                for (int d = 0; d < DOCUMENTS; d++) {
                    boolean alpha = d % 20 == 3;
                    UUID id = UUID.randomUUID();
                    documents.add(id);
                    if (alpha) {
                        alphaDocuments.add(id);
                    }
                    int topic = d % TOPICS.length;
                    addDocument(doc, id, "doc " + d, alpha);
                    for (int o = 0; o < CHUNKS_PER_DOCUMENT; o++) {
                        String text = TOPICS[topic] + " Note " + d + "-" + o + ".";
                        addChunk(chunk, id, o, text, perturb(topicVectors.get(topic), random, 0.02f));
                    }
                }
                needleDocument = UUID.randomUUID();
                documents.add(needleDocument);
                addDocument(doc, needleDocument, "Cell biology notes", false);
                addChunk(
                        chunk,
                        needleDocument,
                        0,
                        NEEDLE_TEXT,
                        embedder.embedPassages(List.of(NEEDLE_TEXT)).get(0));
                doc.executeBatch();
                chunk.executeBatch();
            }
            conn.commit();
        }
    }

    private void addDocument(PreparedStatement doc, UUID id, String title, boolean alpha) throws SQLException {
        doc.setObject(1, id);
        doc.setObject(2, collectionId);
        doc.setString(3, id.toString());
        doc.setString(4, title);
        doc.setString(5, alpha ? "application/pdf" : "text/plain");
        doc.setString(6, alpha ? "{\"team\":\"alpha\",\"lang\":\"en\"}" : "{\"team\":\"beta\",\"lang\":\"en\"}");
        doc.setTimestamp(7, Timestamp.from(alpha ? OLD : NEW));
        doc.addBatch();
    }

    private void addChunk(PreparedStatement chunk, UUID doc, int ordinal, String text, float[] vector)
            throws SQLException {
        chunk.setObject(1, doc);
        chunk.setObject(2, collectionId);
        chunk.setInt(3, ordinal);
        chunk.setString(4, text);
        chunk.setInt(5, ordinal * 200);
        chunk.setInt(6, ordinal * 200 + text.length());
        chunk.setObject(7, new PGvector(vector));
        chunk.addBatch();
    }

    /** Adds Gaussian noise and re-normalises (keeps vectors near their topic, as real paraphrases would be). */
    public static float[] perturb(float[] v, Random random, float sigma) {
        float[] out = new float[v.length];
        double norm = 0;
        for (int i = 0; i < v.length; i++) {
            out[i] = v[i] + (float) (random.nextGaussian() * sigma);
            norm += out[i] * out[i];
        }
        float inv = (float) (1 / Math.sqrt(norm));
        for (int i = 0; i < v.length; i++) {
            out[i] *= inv;
        }
        return out;
    }
}
