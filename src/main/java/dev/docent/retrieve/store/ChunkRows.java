package dev.docent.retrieve.store;

import dev.docent.retrieve.service.RetrievedChunk;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/** The chunk columns every retriever selects (in this order, then the score) and their mapping. */
final class ChunkRows {
    static final String COLUMNS = "c.id, c.document_id, d.title, c.ordinal, c.text, c.char_start, c.char_end,"
            + " c.page_start, c.page_end, c.heading_path, d.page_starts, c.table_header";

    private ChunkRows() {}

    static RetrievedChunk map(ResultSet rs) throws SQLException {
        return new RetrievedChunk(
                rs.getLong(1),
                rs.getObject(2, UUID.class),
                rs.getString(3),
                rs.getInt(4),
                rs.getString(5),
                rs.getInt(6),
                rs.getInt(7),
                (Integer) rs.getObject(8),
                (Integer) rs.getObject(9),
                strings(rs.getArray(10)),
                ints(rs.getArray(11)),
                rs.getString(12),
                rs.getDouble(13),
                null);
    }

    private static List<String> strings(Array array) throws SQLException {
        return array == null ? List.of() : Arrays.asList((String[]) array.getArray());
    }

    private static List<Integer> ints(Array array) throws SQLException {
        return array == null ? List.of() : Arrays.asList((Integer[]) array.getArray());
    }
}
