package dev.docent.retrieve.store;

import dev.docent.retrieve.RetrieverContract;
import dev.docent.retrieve.service.Retriever;
import dev.docent.testsupport.PostgresTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;

/** The retriever contract with every search read by {@link VectorScan#HNSW}, whatever the collection's size. */
@QuarkusTest
@QuarkusTestResource(value = PostgresTestResource.class, restrictToAnnotatedClass = false)
class PgVectorHnswScanTest extends RetrieverContract {
    @Inject
    PgVectorRetriever vector;

    @Override
    protected Retriever retriever() {
        return vector.using(VectorScan.HNSW);
    }
}
