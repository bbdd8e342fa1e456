package dev.docent.retrieve.store;

import dev.docent.retrieve.RetrieverContract;
import dev.docent.retrieve.service.Retriever;
import dev.docent.testsupport.PostgresTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.sql.Connection;
import java.sql.SQLException;

/** The retriever contract for the keyword retriever's other scorer, {@code ts-rank-cd}, filters included. */
@QuarkusTest
@QuarkusTestResource(value = PostgresTestResource.class, restrictToAnnotatedClass = false)
class PgKeywordTsRankCdTest extends RetrieverContract {
    @Override
    protected Retriever retriever() {
        return (collectionId, query, topK, filters) -> {
            try (Connection conn = dataSource.getConnection()) {
                return PgKeywordRetriever.tsRankCd(conn, collectionId, query, topK, filters, "english");
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        };
    }
}
