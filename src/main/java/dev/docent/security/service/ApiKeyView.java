package dev.docent.security.service;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * An API key as listed: never its secret.
 *
 * @param secret the full key, present only in the response that created it
 */
public record ApiKeyView(
        UUID id,
        String prefix,
        String owner,
        List<String> scopes,
        List<String> groups,
        Instant expiresAt,
        Instant revokedAt,
        Instant createdAt,
        String secret) {}
