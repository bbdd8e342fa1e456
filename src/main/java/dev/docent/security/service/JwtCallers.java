package dev.docent.security.service;

import dev.docent.security.config.SecurityConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.jboss.logging.Logger;
import org.jose4j.jwk.HttpsJwks;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.consumer.InvalidJwtException;
import org.jose4j.jwt.consumer.JwtConsumer;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.jose4j.keys.resolvers.HttpsJwksVerificationKeyResolver;
import org.jose4j.keys.resolvers.JwksVerificationKeyResolver;

/**
 * Callers authenticated by a JWT bearer token from the organisation's identity provider: signature checked against
 * the configured JWKS, {@code exp} required, issuer (and audience, when configured) checked. Groups come from the
 * configured claim; the {@code scope} claim may carry {@code docent:admin}, {@code docent:write} or
 * {@code docent:read} (default write, so collection memberships decide).
 */
@ApplicationScoped
public class JwtCallers {
    private static final Logger LOG = Logger.getLogger(JwtCallers.class);

    private final SecurityConfig.Jwt config;
    private final JwtConsumer consumer;

    JwtCallers(SecurityConfig config) {
        this.config = config.jwt();
        this.consumer =
                this.config.jwks().filter(s -> !s.isBlank()).map(this::consumer).orElse(null);
    }

    /** True for a compact JWS (three base64url segments). */
    public static boolean looksLikeJwt(String token) {
        return !token.startsWith("dk_") && token.chars().filter(c -> c == '.').count() == 2;
    }

    /** The caller a verified token names; empty when JWT is not configured or the token does not verify. */
    public Optional<Caller> authenticate(String token) {
        if (consumer == null) {
            return Optional.empty();
        }
        try {
            JwtClaims claims = consumer.processToClaims(token);
            String subject = claims.getSubject();
            if (subject == null || subject.isBlank()) {
                LOG.debug("JWT refused: blank subject"); // every such token would be one and the same principal
                return Optional.empty();
            }
            return Optional.of(new Caller(
                    "jwt:" + subject,
                    "user:" + subject,
                    groups(claims.getClaimValue(config.groupsClaim())),
                    scopes(claims.getClaimValue("scope"), config.defaultScope()),
                    java.time.Instant.ofEpochSecond(claims.getExpirationTime().getValue())
                            .plusSeconds(config.clockSkewSeconds())));
        } catch (InvalidJwtException | org.jose4j.jwt.MalformedClaimException e) {
            LOG.debugf("JWT refused: %s", e.getClass().getSimpleName());
            return Optional.empty();
        }
    }

    private JwtConsumer consumer(String jwks) {
        JwtConsumerBuilder builder = new JwtConsumerBuilder()
                .setRequireExpirationTime()
                .setRequireSubject()
                .setAllowedClockSkewInSeconds(config.clockSkewSeconds());
        config.issuer().ifPresent(builder::setExpectedIssuer);
        config.audience()
                .ifPresentOrElse(builder::setExpectedAudience, () -> builder.setSkipDefaultAudienceValidation());
        if (jwks.startsWith("https://") || jwks.startsWith("http://")) {
            builder.setVerificationKeyResolver(new HttpsJwksVerificationKeyResolver(new HttpsJwks(jwks)));
        } else {
            try {
                String json = Files.readString(Path.of(
                        jwks.startsWith("file:") ? java.net.URI.create(jwks).getPath() : jwks));
                builder.setVerificationKeyResolver(
                        new JwksVerificationKeyResolver(new JsonWebKeySet(json).getJsonWebKeys()));
            } catch (Exception e) {
                throw new IllegalStateException("cannot read the JWKS file " + jwks, e);
            }
        }
        return builder.build();
    }

    static List<String> groups(Object claim) {
        if (claim instanceof List<?> list) {
            return list.stream().map(String::valueOf).toList();
        }
        return claim == null ? List.of() : List.of(claim.toString().split("\\s+"));
    }

    static Set<String> scopes(Object claim, String defaultScope) {
        Set<String> scopes = new LinkedHashSet<>();
        for (String s : groups(claim)) {
            if (s.startsWith("docent:")) {
                scopes.add(s.substring("docent:".length()));
            }
        }
        if (scopes.isEmpty()) {
            scopes.add(Caller.SCOPE_WRITE.equals(defaultScope) ? Caller.SCOPE_WRITE : Caller.SCOPE_READ);
        }
        return scopes;
    }
}
