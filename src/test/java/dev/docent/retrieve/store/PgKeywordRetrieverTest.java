package dev.docent.retrieve.store;

import dev.docent.retrieve.RetrieverContract;
import dev.docent.retrieve.service.Retriever;
import dev.docent.testsupport.PostgresTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;

@QuarkusTest
@QuarkusTestResource(value = PostgresTestResource.class, restrictToAnnotatedClass = false)
class PgKeywordRetrieverTest extends RetrieverContract {
    @Inject
    PgKeywordRetriever keyword;

    @Override
    protected Retriever retriever() {
        return keyword;
    }
}
