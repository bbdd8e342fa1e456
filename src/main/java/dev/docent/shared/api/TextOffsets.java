package dev.docent.shared.api;

/**
 * How the API counts positions in a document's extracted text: in UTF-16 code units, as JavaScript and Java index
 * strings. A character outside the Basic Multilingual Plane (mathematical letters, emoji) counts twice; a client
 * in a language that indexes code points (Python, PostgreSQL) converts, e.g. by slicing
 * {@code text.encode("utf-16-le")[2 * start:2 * end]}.
 */
public final class TextOffsets {
    /** The OpenAPI description of a start offset. */
    public static final String START = "Start of the span in the document's extracted text (GET"
            + " .../documents/{id}/text), inclusive, in UTF-16 code units as JavaScript and Java index strings";

    /** The OpenAPI description of an end offset. */
    public static final String END =
            "End of the span in the document's extracted text, exclusive, in UTF-16 code" + " units";

    private TextOffsets() {}
}
