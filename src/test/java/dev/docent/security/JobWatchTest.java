package dev.docent.security;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.docent.ingest.service.JobService;
import dev.docent.security.service.ApiKeys;
import dev.docent.security.service.Caller;
import dev.docent.shared.error.DocentException;
import dev.docent.shared.error.ErrorCode;
import dev.docent.testsupport.Collections;
import dev.docent.testsupport.PostgresTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * A job's event stream outlives the request that authorized it, so every poll checks the caller again: a member
 * removed from the collection, or whose key is revoked, stops seeing the job (the stream then ends). Found by a
 * black-box review: a removed reader's stream went on sending file names and document ids until the job ended.
 */
@QuarkusTest
@QuarkusTestResource(value = PostgresTestResource.class, restrictToAnnotatedClass = false)
class JobWatchTest {

    @Inject
    JobService jobs;

    @Inject
    ApiKeys keys;

    @Test
    void aWatchEndsWhenTheCallerLosesItsRoleOrItsKey() {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        String c = Collections.create();
        String job = given().multiPart("file", "menu.txt", "Soup on Mondays.".getBytes(StandardCharsets.UTF_8))
                .post("/v1/collections/{c}/documents", c)
                .then()
                .statusCode(202)
                .extract()
                .path("id");
        Collections.awaitJob(job, java.time.Duration.ofSeconds(60));

        Caller removed = reader(c, "watch-removed-" + suffix);
        Caller revoked = reader(c, "watch-revoked-" + suffix);
        JobService.Watch removedWatch =
                new JobService.Watch(UUID.fromString(job), UUID.fromString(c), Optional.of(removed));
        JobService.Watch revokedWatch =
                new JobService.Watch(UUID.fromString(job), UUID.fromString(c), Optional.of(revoked));
        assertThat(jobs.get(removedWatch).documents()).hasSize(1);
        assertThat(jobs.get(revokedWatch).documents()).hasSize(1);
        // a token's caller (same principal as a member) may watch until its token expires, not after
        Caller member = reader(c, "watch-token-" + suffix);
        Caller valid = new Caller(
                "jwt:t",
                member.principal(),
                member.groups(),
                member.scopes(),
                java.time.Instant.now().plusSeconds(600));
        Caller expired = new Caller(
                "jwt:t",
                member.principal(),
                member.groups(),
                member.scopes(),
                java.time.Instant.now().minusSeconds(1));
        assertThat(jobs.get(new JobService.Watch(UUID.fromString(job), UUID.fromString(c), Optional.of(valid)))
                        .documents())
                .hasSize(1);
        assertThatThrownBy(() ->
                        jobs.get(new JobService.Watch(UUID.fromString(job), UUID.fromString(c), Optional.of(expired))))
                .isInstanceOf(DocentException.class);

        given().delete("/v1/collections/{c}/members?principal=" + removed.principal(), c)
                .then()
                .statusCode(204);
        given().delete("/v1/keys/{id}", revoked.credential()).then().statusCode(204);

        for (JobService.Watch gone : List.of(removedWatch, revokedWatch)) {
            assertThatThrownBy(() -> jobs.get(gone))
                    .isInstanceOf(DocentException.class)
                    .extracting(e -> ((DocentException) e).errorCode())
                    .isEqualTo(ErrorCode.NOT_FOUND);
        }
    }

    /** A reader of the collection, as its key authenticates. */
    private Caller reader(String collection, String owner) {
        String secret = SecurityTest.key(owner, List.of("read"), List.of());
        given().contentType(ContentType.JSON)
                .body(Map.of("principal", "user:" + owner, "role", "reader"))
                .put("/v1/collections/{c}/members", collection)
                .then()
                .statusCode(200);
        return keys.authenticate(secret).orElseThrow();
    }
}
