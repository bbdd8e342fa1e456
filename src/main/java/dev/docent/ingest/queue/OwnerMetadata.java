package dev.docent.ingest.queue;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;

/** A queue item's owner metadata as the jsonb of {@code ingestion_item.metadata}; null stays null ("keep"). */
final class OwnerMetadata {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<Map<String, String>> MAP = new TypeReference<>() {};

    private OwnerMetadata() {}

    static String toJson(Map<String, String> metadata) {
        try {
            return metadata == null ? null : JSON.writeValueAsString(metadata);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("metadata is not serialisable", e);
        }
    }

    static Map<String, String> fromJson(String json) {
        try {
            return json == null ? null : JSON.readValue(json, MAP);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("ingestion_item.metadata is not a JSON object of strings", e);
        }
    }
}
