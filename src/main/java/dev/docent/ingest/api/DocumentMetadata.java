package dev.docent.ingest.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.docent.shared.error.DocentException;
import dev.docent.shared.error.ErrorCode;
import dev.docent.shared.text.StorableText;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The metadata a document's owner gives it: a flat JSON object whose values are strings (numbers and booleans are
 * taken as their text), at most {@value #MAX_KEYS} keys of at most {@value #MAX_KEY_CHARS} characters and values of
 * at most {@value #MAX_VALUE_CHARS}. Search filters match it exactly ({@code filters.metadata}).
 */
public final class DocumentMetadata {
    static final int MAX_KEYS = 64;
    static final int MAX_KEY_CHARS = 100;
    static final int MAX_VALUE_CHARS = 1000;
    private static final ObjectMapper JSON = new ObjectMapper();

    private DocumentMetadata() {}

    /** The multipart field {@code metadata}; null when absent (the document keeps its current metadata). */
    static Map<String, String> parse(String field) {
        if (field == null) {
            return null;
        }
        if (field.isBlank()) {
            return Map.of();
        }
        JsonNode node;
        try {
            node = JSON.readTree(field);
        } catch (JsonProcessingException e) {
            throw invalid("metadata must be a JSON object, e.g. {\"team\": \"legal\"}");
        }
        if (node == null || !node.isObject()) {
            throw invalid("metadata must be a JSON object, e.g. {\"team\": \"legal\"}");
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode value = e.getValue();
            if (!value.isValueNode() || value.isNull()) {
                throw invalid("metadata value of '" + clip(e.getKey()) + "' must be a string, number or boolean");
            }
            out.put(e.getKey(), value.asText());
        }
        return validated(out);
    }

    /** A listing's {@code metadata=key:value} query parameters as a map (empty when none). */
    static Map<String, String> pairs(List<String> params) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String p : params == null ? List.<String>of() : params) {
            int colon = p.indexOf(':');
            if (colon <= 0) {
                throw invalid("metadata filter must be key:value, e.g. metadata=team:legal");
            }
            out.put(p.substring(0, colon).strip(), p.substring(colon + 1).strip());
        }
        return validated(out);
    }

    /** The map itself, once its keys and values are within the limits. */
    static Map<String, String> validated(Map<String, String> metadata) {
        if (metadata.size() > MAX_KEYS) {
            throw invalid("metadata has " + metadata.size() + " keys; at most " + MAX_KEYS + " are allowed");
        }
        for (Map.Entry<String, String> e : metadata.entrySet()) {
            String key = e.getKey();
            if (key == null || key.isBlank() || key.length() > MAX_KEY_CHARS) {
                throw invalid("metadata keys must be 1 to " + MAX_KEY_CHARS + " characters");
            }
            if (e.getValue() == null) {
                throw invalid("metadata value of '" + clip(key) + "' must be a string, number or boolean");
            }
            if (!StorableText.isStorable(key) || !StorableText.isStorable(e.getValue())) {
                throw invalid("metadata '" + clip(key) + "' " + StorableText.REASON);
            }
            if (e.getValue().length() > MAX_VALUE_CHARS) {
                throw invalid(
                        "metadata value of '" + clip(key) + "' is longer than " + MAX_VALUE_CHARS + " characters");
            }
        }
        return Map.copyOf(metadata);
    }

    private static String clip(String key) {
        return key.length() > 40 ? key.substring(0, 40) + "..." : key;
    }

    private static DocentException invalid(String message) {
        return new DocentException(ErrorCode.VALIDATION_FAILED, message);
    }
}
