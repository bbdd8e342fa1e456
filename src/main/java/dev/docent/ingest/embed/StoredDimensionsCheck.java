package dev.docent.ingest.embed;

import dev.docent.shared.error.DocentException;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.jboss.logging.Logger;

/**
 * At startup, every collection's stored vectors must have the dimension its model is configured with. A remote
 * model's id does not carry its dimension ({@code docent.embedding.openai.dimensions}), so changing that setting for a
 * model in use left vector search answering nothing (its statement reads vectors of the configured size), hybrid
 * search quietly keyword-only, and new uploads storing vectors of the new size beside the old ones. The service
 * stops with the collections concerned instead.
 */
@ApplicationScoped
public class StoredDimensionsCheck {
    private static final Logger LOG = Logger.getLogger(StoredDimensionsCheck.class);

    void check(@Observes StartupEvent event, DataSource db, EmbeddingModels models) {
        List<String> wrong;
        try {
            wrong = mismatches(db, models);
        } catch (SQLException e) {
            // the service starts without its database (readiness says so, requests get 503): checked next start
            LOG.warnf("stored vector dimensions not checked, the database is unavailable: %s", e.getMessage());
            return;
        }
        if (!wrong.isEmpty()) {
            throw new IllegalStateException("Stored vectors do not have their model's configured dimension; set the"
                    + " model's dimensions back, or switch these collections to another model with the old setting"
                    + " first: " + String.join("; ", wrong));
        }
    }

    private static List<String> mismatches(DataSource db, EmbeddingModels models) throws SQLException {
        List<String> wrong = new ArrayList<>();
        try (Connection c = db.getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT k.id, k.name, k.embedding_model,"
                        + " (SELECT vector_dims(ch.embedding) FROM chunk ch WHERE ch.collection_id = k.id"
                        + " AND ch.embedding_model = k.embedding_model AND ch.embedding IS NOT NULL LIMIT 1)"
                        + " FROM collection k WHERE k.deleted_at IS NULL");
                ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                String model = rs.getString(3);
                int stored = rs.getInt(4);
                if (rs.wasNull()) {
                    continue; // nothing stored yet
                }
                int configured;
                try {
                    configured = models.spec(model).dimension();
                } catch (DocentException notConfigured) {
                    LOG.warnf("collection %s uses embedding model %s, which is not configured", rs.getString(2), model);
                    continue;
                }
                if (configured != stored) {
                    wrong.add(rs.getString(2) + " (" + rs.getString(1) + "): " + model + " vectors of " + stored
                            + " dimensions, configured " + configured);
                }
            }
        }
        return wrong;
    }
}
