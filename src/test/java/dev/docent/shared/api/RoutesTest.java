package dev.docent.shared.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.docent.ingest.api.CollectionResource;
import dev.docent.ingest.api.DocumentResource;
import dev.docent.retrieve.api.SearchResource;
import java.util.List;
import org.junit.jupiter.api.Test;

class RoutesTest {
    private final Routes routes =
            new Routes(List.of(CollectionResource.class, DocumentResource.class, SearchResource.class));

    @Test
    void aPathAnswersTheMethodsOfEveryTemplateItMatches() {
        assertThat(routes.allowed("/v1/collections")).containsExactly("GET", "HEAD", "OPTIONS", "POST");
        assertThat(routes.allowed("/v1/collections/3f2a/search")).containsExactly("OPTIONS", "POST");
        assertThat(routes.allowed("/v1/collections/3f2a/search/")).containsExactly("OPTIONS", "POST");
        assertThat(routes.allowed("/v1/collections/3f2a/documents/77/reingest")).containsExactly("OPTIONS", "POST");
        assertThat(routes.allowed("/v1/collections/3f2a/documents/77")).contains("GET", "DELETE");
    }

    @Test
    void aParameterIsOneSegmentAndUnknownPathsHaveNoMethods() {
        assertThat(routes.allowed("/v1/collections/3f2a/x/search")).isEmpty();
        assertThat(routes.allowed("/v1/nothing")).isEmpty();
        assertThat(routes.allowed("/v1/collections/3f2a/search/more")).isEmpty();
    }
}
