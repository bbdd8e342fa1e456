package dev.docent.testsupport;

import io.quarkus.runtime.StartupEvent;
import io.restassured.RestAssured;
import io.restassured.filter.Filter;
import io.restassured.filter.FilterContext;
import io.restassured.response.Response;
import io.restassured.specification.FilterableRequestSpecification;
import io.restassured.specification.FilterableResponseSpecification;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Tests call the API as the bootstrap admin unless they say otherwise: a RestAssured filter adds
 * {@code Authorization: Bearer <test admin key>} to requests that carry no Authorization header. A request with
 * the header {@value #ANONYMOUS} goes out with no credentials at all (the header itself is removed).
 */
@ApplicationScoped
public class TestCredentials {
    public static final String ANONYMOUS = "X-Test-Anonymous";
    public static final String ADMIN_KEY = "test-admin-key-not-a-secret-0001";

    void install(
            @Observes StartupEvent event, @ConfigProperty(name = "docent.security.bootstrap-admin-key") String key) {
        RestAssured.filters(new DefaultAdmin("Bearer " + key));
    }

    static final class DefaultAdmin implements Filter {
        private final String header;

        DefaultAdmin(String header) {
            this.header = header;
        }

        @Override
        public Response filter(
                FilterableRequestSpecification request, FilterableResponseSpecification response, FilterContext ctx) {
            if (request.getHeaders().hasHeaderWithName(ANONYMOUS)) {
                request.removeHeader(ANONYMOUS);
            } else if (!request.getHeaders().hasHeaderWithName("Authorization")) {
                request.header("Authorization", header);
            }
            return ctx.next(request, response);
        }
    }
}
