package dev.docent.security;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwk.RsaJsonWebKey;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;
import org.junit.jupiter.api.Test;

/** JWT bearer tokens signed by a locally generated key and verified against a local JWKS file. */
@QuarkusTest
@TestProfile(JwtTest.LocalIdentityProvider.class)
class JwtTest {
    static final String ISSUER = "https://idp.test.invalid";
    static final KeyPair OTHER_KEYS = newKeyPair();

    /**
     * The identity provider's key pair. The profile and the test class live in different class loaders, so the
     * pair is shared through a system property (PKCS#8 and X.509 encodings), generated once per JVM.
     */
    static synchronized KeyPair providerKeys() {
        try {
            String encoded = System.getProperty("docent.test.jwt.keys");
            if (encoded == null) {
                KeyPair fresh = newKeyPair();
                encoded = java.util.Base64.getEncoder()
                                .encodeToString(fresh.getPrivate().getEncoded()) + ":"
                        + java.util.Base64.getEncoder()
                                .encodeToString(fresh.getPublic().getEncoded());
                System.setProperty("docent.test.jwt.keys", encoded);
            }
            String[] parts = encoded.split(":");
            java.security.KeyFactory rsa = java.security.KeyFactory.getInstance("RSA");
            return new KeyPair(
                    rsa.generatePublic(new java.security.spec.X509EncodedKeySpec(
                            java.util.Base64.getDecoder().decode(parts[1]))),
                    rsa.generatePrivate(new java.security.spec.PKCS8EncodedKeySpec(
                            java.util.Base64.getDecoder().decode(parts[0]))));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public static class LocalIdentityProvider implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            try {
                RsaJsonWebKey jwk = new RsaJsonWebKey(
                        (java.security.interfaces.RSAPublicKey) providerKeys().getPublic());
                jwk.setKeyId("test-key");
                Path jwks = Files.createTempFile("jwks", ".json");
                jwks.toFile().deleteOnExit();
                Files.writeString(jwks, new JsonWebKeySet(jwk).toJson());
                return Map.of(
                        "docent.security.jwt.jwks",
                        jwks.toString(),
                        "docent.security.jwt.issuer",
                        ISSUER,
                        "docent.security.jwt.groups-claim",
                        "teams");
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }

    static KeyPair newKeyPair() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
            g.initialize(2048);
            return g.generateKeyPair();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static String token(String subject, List<String> teams, KeyPair keys, long expiresInSeconds) throws Exception {
        return token(subject, teams, keys, expiresInSeconds, "docent:write");
    }

    static String token(String subject, List<String> teams, KeyPair keys, long expiresInSeconds, String scope)
            throws Exception {
        JwtClaims claims = new JwtClaims();
        if (scope != null) {
            claims.setStringClaim("scope", scope);
        }
        claims.setIssuer(ISSUER);
        claims.setSubject(subject);
        claims.setGeneratedJwtId();
        claims.setIssuedAtToNow();
        claims.setExpirationTime(NumericDate.fromSeconds(NumericDate.now().getValue() + expiresInSeconds));
        claims.setStringListClaim("teams", teams);
        JsonWebSignature jws = new JsonWebSignature();
        jws.setPayload(claims.toJson());
        jws.setKey(keys.getPrivate());
        jws.setKeyIdHeaderValue("test-key");
        jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.RSA_USING_SHA256);
        return jws.getCompactSerialization();
    }

    @Test
    void tokensAuthenticateAndGroupsFromTheConfiguredClaimGrantAccess() throws Exception {
        String ivy = token("ivy-" + UUID.randomUUID(), List.of(), providerKeys(), 300);
        String c = given().header("Authorization", "Bearer " + ivy)
                .contentType(ContentType.JSON)
                .body(Map.of("name", "jwt-" + UUID.randomUUID()))
                .post("/v1/collections")
                .then()
                .statusCode(201)
                .extract()
                .path("id");

        String team = "research-" + UUID.randomUUID();
        String jack = token("jack", List.of(team), providerKeys(), 300);
        given().header("Authorization", "Bearer " + jack)
                .get("/v1/collections/{c}/documents", c)
                .then()
                .statusCode(404);
        given().header("Authorization", "Bearer " + ivy)
                .contentType(ContentType.JSON)
                .body(Map.of("principal", "group:" + team, "role", "reader"))
                .put("/v1/collections/{c}/members", c)
                .then()
                .statusCode(200);
        given().header("Authorization", "Bearer " + jack)
                .get("/v1/collections/{c}/documents", c)
                .then()
                .statusCode(200);
    }

    @Test
    void aTokenWithoutADocentScopeOnlyReadsAndABlankSubjectIsRefused() throws Exception {
        String reader = token("rita-" + UUID.randomUUID(), List.of(), providerKeys(), 300, "openid profile");
        given().header("Authorization", "Bearer " + reader)
                .contentType(ContentType.JSON)
                .body(Map.of("name", "jwt-" + UUID.randomUUID()))
                .post("/v1/collections")
                .then()
                .statusCode(403)
                .body("code", org.hamcrest.Matchers.equalTo("forbidden"));
        given().header("Authorization", "Bearer " + reader)
                .get("/v1/collections")
                .then()
                .statusCode(200);
        var blank = given().header("Authorization", "Bearer " + token(" ", List.of(), providerKeys(), 300))
                .get("/v1/collections");
        assertThat(blank.statusCode()).isEqualTo(401);
    }

    @Test
    void forgedAndExpiredTokensAreRefused() throws Exception {
        for (String bad : List.of(
                token("mallory", List.of(), OTHER_KEYS, 300), token("ivy", List.of(), providerKeys(), -120), "a.b.c")) {
            var r = given().header("Authorization", "Bearer " + bad).get("/v1/collections");
            assertThat(r.statusCode()).isEqualTo(401);
            assertThat(r.jsonPath().getString("code")).isEqualTo("unauthenticated");
        }
    }
}
