package dev.docent.security.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.Optional;

/** Authentication and limits (prefix {@code docent.security}). */
@ConfigMapping(prefix = "docent.security")
public interface SecurityConfig {

    /**
     * The first admin key, supplied by automation ({@code DOCENT_BOOTSTRAP_ADMIN_KEY}); only its hash is stored.
     * Without it, the first start creates an admin key and prints it once.
     */
    Optional<String> bootstrapAdminKey();

    /** JWT bearer tokens from the organisation's identity provider. */
    Jwt jwt();

    /** JWT verification settings ({@code docent.security.jwt.*}); tokens are refused while no JWKS is set. */
    interface Jwt {
        /** The identity provider's JWKS: an https URL (cached, refreshed on unknown key ids) or a file path. */
        Optional<String> jwks();

        /** Required {@code iss} claim. */
        Optional<String> issuer();

        /** Required {@code aud} claim, when set. */
        Optional<String> audience();

        /** Claim holding the caller's groups (a list or a space-separated string). */
        @WithDefault("groups")
        String groupsClaim();

        /** Clock skew tolerated on {@code exp}/{@code nbf}, in seconds. */
        @WithDefault("30")
        int clockSkewSeconds();

        /**
         * The scope of a token whose {@code scope} claim has no {@code docent:*} value ({@code read}, {@code write}):
         * least privilege by default, so a token issued for another application's scopes only reads.
         */
        @WithDefault("read")
        String defaultScope();
    }

    /**
     * How long this replica remembers a verified API key and a caller's role in a collection. Revoking a key or
     * changing a membership takes effect at once in the replica that handled it and within this time in the
     * others; {@code PT0S} disables the caches (every request reads PostgreSQL).
     */
    @WithDefault("PT10S")
    java.time.Duration authCacheTtl();

    /**
     * LLM tokens (input + output, as the provider reports them) one key or token may spend on answers per UTC day;
     * 0 disables. When used up, answers fail with 429 {@code token_budget_exhausted} until midnight UTC.
     */
    @WithDefault("0")
    long dailyTokenBudget();

    /** Requests per minute per key for search and answers ({@code query} class); 0 disables. */
    @WithDefault("600")
    int queryRequestsPerMinute();

    /** Requests per minute per key for uploads, deletes and other writes ({@code write} class); 0 disables. */
    @WithDefault("600")
    int writeRequestsPerMinute();

    /** Requests per minute per key for everything else ({@code read} class); 0 disables. */
    @WithDefault("1200")
    int readRequestsPerMinute();
}
