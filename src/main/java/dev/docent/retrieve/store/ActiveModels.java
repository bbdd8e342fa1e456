package dev.docent.retrieve.store;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import java.util.UUID;

/**
 * The embedding model a collection's vectors come from right now, read per search in one indexed statement that
 * also tells whether the collection exists. Never cached: a re-embedding job swaps the model and the vectors in
 * one transaction, and a search must embed its query with the model of the vectors it is compared with.
 */
@ApplicationScoped
public class ActiveModels {
    private final AgroalDataSource dataSource;

    ActiveModels(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** The collection's active model, or empty when there is no such collection. */
    public Optional<String> of(UUID collectionId) {
        try (Connection conn = dataSource.getConnection();
                PreparedStatement ps = conn.prepareStatement("SELECT embedding_model FROM collection WHERE id = ?")) {
            ps.setObject(1, collectionId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("collection lookup failed", e);
        }
    }
}
