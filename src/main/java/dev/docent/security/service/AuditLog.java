package dev.docent.security.service;

import io.quarkus.hibernate.orm.panache.Panache;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Who did what: actor, action and target ids, plus sizes. Never document text, questions, keys or tokens.
 * Rows go to the {@code audit_event} table in the caller's transaction.
 */
@ApplicationScoped
public class AuditLog {

    @Transactional
    public void record(String actor, String action, String target) {
        record(actor, action, target, Map.of());
    }

    /**
     * Records an event and returns its id, for {@link #outcome}; {@code sizes} holds numbers only (bytes, characters,
     * counts).
     */
    @Transactional
    public long record(String actor, String action, String target, Map<String, Long> sizes) {
        String details = sizes.entrySet().stream()
                .map(e -> "\"" + e.getKey().replaceAll("[^a-z_]", "") + "\":" + e.getValue())
                .collect(Collectors.joining(",", "{", "}"));
        return ((Number) Panache.getEntityManager()
                        .createNativeQuery("INSERT INTO audit_event (actor, action, target, details) VALUES (?1, ?2,"
                                + " ?3, cast(?4 as jsonb)) RETURNING id")
                        .setParameter(1, actor == null ? "anonymous" : actor)
                        .setParameter(2, action)
                        .setParameter(3, target)
                        .setParameter(4, details)
                        .getSingleResult())
                .longValue();
    }

    /** The HTTP status the recorded request ended with: a 4xx or 5xx means the action did not happen. */
    @Transactional
    public void outcome(long eventId, int status) {
        Panache.getEntityManager()
                .createNativeQuery("UPDATE audit_event SET status = ?1 WHERE id = ?2")
                .setParameter(1, status)
                .setParameter(2, eventId)
                .executeUpdate();
    }
}
