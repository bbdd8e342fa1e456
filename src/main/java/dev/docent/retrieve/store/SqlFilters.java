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
 * Turns {@link SearchFilters} into one SQL condition on a chunk row that sits in the same statement as the index
 * scan: {@code EXISTS} over the chunk's document (alias {@code fd}, so it never shadows a statement's own
 * {@code document d}), a primary-key probe per candidate, with every filter and the caller's document ACLs in it.
 * pgvector's iterative HNSW scan (and the keyword scan) filter while scanning and keep going until the top-k is full;
 * for a selective filter the planner, which sees the document statistics, starts from the matching documents
 * instead. (An earlier form collected the matching document ids into an init-plan array: the planner could not tell
 * its size, always read every matching chunk through the document index and sorted them, and each row's
 * {@code = ANY} scanned the whole array: 1.2 s for a filter every document of a 100k-chunk collection matches,
 * against 7 ms now; docs/adr/0011.)
 */
final class SqlFilters {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A parameter to bind at the next position. */
    interface Bind {
        void bind(Connection conn, PreparedStatement ps, int index) throws SQLException;
    }

    private static final SqlFilters NONE = new SqlFilters("TRUE", List.of());

    private final String condition;
    private final List<Bind> binds;

    private SqlFilters(String condition, List<Bind> binds) {
        this.condition = condition;
        this.binds = List.copyOf(binds);
    }

    /**
     * The condition for the chunk alias {@code chunk} (e.g. {@code c}, whose {@code document_id} and
     * {@code collection_id} it uses); {@code TRUE} when nothing is filtered.
     */
    static SqlFilters of(SearchFilters filters, String chunk) {
        if (!restricts(filters)) {
            return NONE;
        }
        List<String> where = new ArrayList<>();
        List<Bind> binds = new ArrayList<>();
        where.add("fd.id = " + chunk + ".document_id");
        // the chunk's own collection, so a plan that starts from the documents uses the collection's indexes
        where.add("fd.collection_id = " + chunk + ".collection_id");
        documents(filters, where, binds);
        acl(filters, where, binds);
        return new SqlFilters("EXISTS (SELECT 1 FROM document fd WHERE " + String.join(" AND ", where) + ")", binds);
    }

    /** True when {@code filters} restrict anything (a client filter or the caller's document ACLs). */
    static boolean restricts(SearchFilters filters) {
        return filters != null && !filters.isEmpty();
    }

    /**
     * Document ACLs: a document without groups is visible to every reader of the collection, one with groups only to
     * callers sharing one of them.
     */
    private static void acl(SearchFilters filters, List<String> where, List<Bind> binds) {
        if (filters.visibleToGroups() == null) {
            return;
        }
        String[] groups = filters.visibleToGroups().toArray(String[]::new);
        where.add("(fd.acl_groups = '{}' OR fd.acl_groups && ?)");
        binds.add((conn, ps, i) -> ps.setArray(i, conn.createArrayOf("text", groups)));
    }

    private static void documents(SearchFilters filters, List<String> where, List<Bind> binds) {
        if (filters.documentIds() != null && !filters.documentIds().isEmpty()) {
            where.add("fd.id = ANY(?)");
            UUID[] ids = filters.documentIds().toArray(UUID[]::new);
            binds.add((conn, ps, i) -> ps.setArray(i, conn.createArrayOf("uuid", ids)));
        }
        if (filters.mediaTypes() != null && !filters.mediaTypes().isEmpty()) {
            // exact types, and type/* or */* as LIKE prefixes (the type's own '_' escaped)
            String[] types =
                    filters.mediaTypes().stream().filter(t -> !t.endsWith("/*")).toArray(String[]::new);
            String[] prefixes = filters.mediaTypes().stream()
                    .filter(t -> t.endsWith("/*"))
                    .map(t -> t.equals("*/*")
                            ? "%"
                            : t.substring(0, t.length() - 1).replace("_", "\\_") + "%")
                    .toArray(String[]::new);
            where.add("(fd.media_type = ANY(?) OR fd.media_type LIKE ANY(?))");
            binds.add((conn, ps, i) -> ps.setArray(i, conn.createArrayOf("text", types)));
            binds.add((conn, ps, i) -> ps.setArray(i, conn.createArrayOf("text", prefixes)));
        }
        if (filters.metadata() != null && !filters.metadata().isEmpty()) {
            where.add("fd.metadata @> CAST(? AS jsonb)");
            String json = toJson(filters);
            binds.add((conn, ps, i) -> ps.setString(i, json));
        }
        if (filters.updatedAfter() != null) {
            where.add("fd.updated_at >= ?");
            Timestamp after = Timestamp.from(filters.updatedAfter());
            binds.add((conn, ps, i) -> ps.setTimestamp(i, after));
        }
        if (filters.updatedBefore() != null) {
            where.add("fd.updated_at < ?");
            Timestamp before = Timestamp.from(filters.updatedBefore());
            binds.add((conn, ps, i) -> ps.setTimestamp(i, before));
        }
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
