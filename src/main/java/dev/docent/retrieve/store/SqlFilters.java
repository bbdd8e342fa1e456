package dev.docent.retrieve.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.docent.retrieve.api.SearchFilters;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Turns {@link SearchFilters} into one SQL condition on {@code chunk.document_id} that sits in the same statement as
 * the index scan: the matching document ids are an init-plan array, so pgvector's iterative HNSW scan (and the
 * keyword scan) filter while scanning and keep going until the top-k is full.
 */
final class SqlFilters {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A parameter to bind at the next position. */
    interface Bind {
        void bind(Connection conn, PreparedStatement ps, int index) throws SQLException;
    }

    private final String condition;
    private final List<Bind> binds;

    private SqlFilters(String condition, List<Bind> binds) {
        this.condition = condition;
        this.binds = List.copyOf(binds);
    }

    /** The condition for a chunk alias (e.g. {@code c.document_id}); {@code TRUE} when nothing is filtered. */
    static SqlFilters of(SearchFilters filters, String documentIdColumn) {
        if (filters == null || filters.isEmpty()) {
            return new SqlFilters("TRUE", List.of());
        }
        List<String> where = new ArrayList<>();
        List<Bind> binds = new ArrayList<>();
        SqlFilters acl = acl(filters, documentIdColumn);
        if (hasDocumentFilters(filters)) {
            SqlFilters docs = documents(filters, documentIdColumn, where, binds);
            return acl == null ? docs : docs.and(acl);
        }
        return acl;
    }

    /** True when a client filter (anything but the ACL) is set. */
    private static boolean hasDocumentFilters(SearchFilters f) {
        return !f.visibleTo(null).isEmpty();
    }

    /**
     * Document ACLs, checked per candidate row (a primary-key probe) inside the scan, so a filtered top-k still fills:
     * a document without groups is visible to every reader of the collection, one with groups only to callers
     * sharing one of them.
     */
    private static SqlFilters acl(SearchFilters filters, String documentIdColumn) {
        if (filters.visibleToGroups() == null) {
            return null;
        }
        String[] groups = filters.visibleToGroups().toArray(String[]::new);
        return new SqlFilters(
                "EXISTS (SELECT 1 FROM document a WHERE a.id = " + documentIdColumn
                        + " AND (a.acl_groups = '{}' OR a.acl_groups && ?))",
                List.of((conn, ps, i) -> ps.setArray(i, conn.createArrayOf("text", groups))));
    }

    private SqlFilters and(SqlFilters other) {
        List<Bind> all = new ArrayList<>(binds);
        all.addAll(other.binds);
        return new SqlFilters("(" + condition + ") AND (" + other.condition + ")", all);
    }

    private static SqlFilters documents(
            SearchFilters filters, String documentIdColumn, List<String> where, List<Bind> binds) {
        if (filters.documentIds() != null && !filters.documentIds().isEmpty()) {
            where.add("d.id = ANY(?)");
            UUID[] ids = filters.documentIds().toArray(UUID[]::new);
            binds.add((conn, ps, i) -> ps.setArray(i, conn.createArrayOf("uuid", ids)));
        }
        if (filters.mediaTypes() != null && !filters.mediaTypes().isEmpty()) {
            where.add("d.media_type = ANY(?)");
            String[] types = filters.mediaTypes().toArray(String[]::new);
            binds.add((conn, ps, i) -> ps.setArray(i, conn.createArrayOf("text", types)));
        }
        if (filters.metadata() != null && !filters.metadata().isEmpty()) {
            where.add("d.metadata @> CAST(? AS jsonb)");
            String json = toJson(filters);
            binds.add((conn, ps, i) -> ps.setString(i, json));
        }
        if (filters.updatedAfter() != null) {
            where.add("d.updated_at >= ?");
            Timestamp after = Timestamp.from(filters.updatedAfter());
            binds.add((conn, ps, i) -> ps.setTimestamp(i, after));
        }
        if (filters.updatedBefore() != null) {
            where.add("d.updated_at < ?");
            Timestamp before = Timestamp.from(filters.updatedBefore());
            binds.add((conn, ps, i) -> ps.setTimestamp(i, before));
        }
        String condition = documentIdColumn + " = ANY(ARRAY(SELECT d.id FROM document d WHERE "
                + String.join(" AND ", where) + "))";
        return new SqlFilters(condition, binds);
    }

    String condition() {
        return condition;
    }

    /** Binds the filter parameters from {@code index}; returns the next free index. */
    int bind(Connection conn, PreparedStatement ps, int index) throws SQLException {
        int i = index;
        for (Bind b : binds) {
            b.bind(conn, ps, i++);
        }
        return i;
    }

    private static String toJson(SearchFilters filters) {
        try {
            return JSON.writeValueAsString(filters.metadata());
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("metadata filter is not serialisable", e);
        }
    }
}
