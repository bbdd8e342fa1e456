package dev.docent.eval.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What the evaluated server said about itself ({@code GET /v1/info}).
 *
 * @param version the service version, or {@code null} when the server predates {@code /v1/info}
 * @param ingestion its effective ingestion settings (empty when unknown)
 * @param fingerprint 8 hex digits of the ingestion settings' hash, or {@code null} when unknown: part of the eval
 *     collection's name, so a server that chunks or embeds differently ingests into a collection of its own
 */
record ServerIdentity(String version, Map<String, Object> ingestion, String fingerprint) {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

    @SuppressWarnings("unchecked")
    static ServerIdentity of(Optional<JsonNode> info) {
        if (info.isEmpty()) {
            return new ServerIdentity(null, Map.of(), null);
        }
        JsonNode node = info.get();
        Map<String, Object> ingestion = JSON.convertValue(node.path("ingestion"), LinkedHashMap.class);
        if (ingestion == null || ingestion.isEmpty()) {
            throw new EvalException("the server's /v1/info carries no ingestion settings: " + node);
        }
        return new ServerIdentity(node.path("version").asText(null), ingestion, fingerprint(ingestion));
    }

    /** The first 8 hex digits of the sha-256 of the settings as JSON with sorted keys. */
    static String fingerprint(Map<String, Object> ingestion) {
        try {
            byte[] canonical = JSON.writeValueAsString(ingestion).getBytes(StandardCharsets.UTF_8);
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(canonical))
                    .substring(0, 8);
        } catch (com.fasterxml.jackson.core.JsonProcessingException | NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The report's {@code server} section. */
    Map<String, Object> describe(String url) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("url", url);
        out.put("version", version);
        out.put("ingestion", ingestion.isEmpty() ? null : ingestion);
        out.put("ingestion_fingerprint", fingerprint);
        return out;
    }
}
