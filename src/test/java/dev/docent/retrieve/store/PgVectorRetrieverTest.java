package dev.docent.retrieve.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.docent.retrieve.RetrieverContract;
import dev.docent.retrieve.service.Retriever;
import dev.docent.testsupport.PostgresTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(value = PostgresTestResource.class, restrictToAnnotatedClass = false)
class PgVectorRetrieverTest extends RetrieverContract {
    @Inject
    PgVectorRetriever vector;

    @Override
    protected Retriever retriever() {
        return vector;
    }

    @Test
    void efSearchFollowsTheCandidateCount() {
        assertThat(PgVectorRetriever.efSearch(10, 1.0, 40)).isEqualTo(40);
        assertThat(PgVectorRetriever.efSearch(100, 1.0, 40)).isEqualTo(100);
        assertThat(PgVectorRetriever.efSearch(100, 2.0, 40)).isEqualTo(200);
        assertThat(PgVectorRetriever.efSearch(5000, 1.0, 40)).isEqualTo(1000);
    }
}
