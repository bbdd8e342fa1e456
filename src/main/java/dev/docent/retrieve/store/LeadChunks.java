package dev.docent.retrieve.store;

import dev.docent.retrieve.api.SearchFilters;
import dev.docent.retrieve.service.RetrievedChunk;
import dev.docent.shared.error.DocentException;
import dev.docent.shared.error.ErrorCode;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The first chunks of some documents, in the order the documents are given and then in document order, under the
 * same filters (document ACLs included) as a search: the start of a document answers questions about the document
 * as a whole.
 */
@ApplicationScoped
public class LeadChunks {

    private static final String SQL = "SELECT " + ChunkRows.COLUMNS + ", 1.0 AS score FROM chunk c"
            + " JOIN document d ON d.id = c.document_id"
            + " WHERE c.collection_id = ? AND c.document_id = ANY (?) AND c.ordinal < ? AND %s"
            + " ORDER BY array_position(?, c.document_id), c.ordinal";

    private final AgroalDataSource dataSource;

    LeadChunks(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Up to {@code count} first chunks of each of {@code documentIds}; none of a document the filters hide. */
    public List<RetrievedChunk> of(UUID collectionId, List<UUID> documentIds, int count, SearchFilters filters) {
        if (documentIds.isEmpty()) {
            return List.of();
        }
        SqlFilters where = SqlFilters.of(filters, "c");
        try (Connection conn = dataSource.getConnection();
                PreparedStatement ps = conn.prepareStatement(SQL.formatted(where.condition()))) {
            Array ids = conn.createArrayOf("uuid", documentIds.toArray());
            ps.setObject(1, collectionId);
            ps.setArray(2, ids);
            ps.setInt(3, count);
            int i = where.bind(conn, ps, 4);
            ps.setArray(i, ids);
            List<RetrievedChunk> chunks = new ArrayList<>(count * documentIds.size());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    chunks.add(ChunkRows.map(rs));
                }
            }
            return chunks;
        } catch (SQLException e) {
            throw new DocentException(ErrorCode.INTERNAL, "Could not read the document's first passages", e);
        }
    }
}
