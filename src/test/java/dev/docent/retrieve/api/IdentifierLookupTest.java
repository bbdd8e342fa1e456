package dev.docent.retrieve.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.docent.testsupport.Collections;
import dev.docent.testsupport.PostgresTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * A question naming an identifier (an order number among hundreds of look-alike rows) finds the row that holds it:
 * the dense model cannot tell 200437 from 200431, so the built-in reranker's identifier feature has to.
 */
@QuarkusTest
@QuarkusTestResource(value = PostgresTestResource.class, restrictToAnnotatedClass = false)
class IdentifierLookupTest {

    @Test
    void theRowHoldingTheOrderNumberIsFoundAndQuoted() throws IOException {
        String c = Collections.create();
        Random random = new Random(7);
        String[] countries = {"France", "Germany", "Spain", "Italy", "Poland"};
        String[] products = {"turbine blade", "gearbox", "rotor", "bearing", "seal kit"};
        StringBuilder csv = new StringBuilder("order_id,customer,country,product,quantity,order_date\n");
        for (int i = 0; i < 600; i++) {
            csv.append(200000 + i)
                    .append(",Customer ")
                    .append(1 + random.nextInt(900))
                    .append(',')
                    .append(countries[random.nextInt(countries.length)])
                    .append(',')
                    .append(i == 437 ? "pitch actuator" : products[random.nextInt(products.length)])
                    .append(',')
                    .append(1 + random.nextInt(40))
                    .append(",2025-0")
                    .append(1 + random.nextInt(9))
                    .append("-1")
                    .append(random.nextInt(10))
                    .append('\n');
        }
        Path file = Files.createTempFile("orders", ".csv");
        Files.writeString(file, csv);
        given().multiPart("file", file.toFile(), "text/csv")
                .post("/v1/collections/{c}/documents?wait=true", c)
                .then()
                .statusCode(201);
        Files.delete(file);

        JsonPath search = given().contentType(ContentType.JSON)
                .body(Map.of("query", "What product was in order 200437?", "topK", 3))
                .post("/v1/collections/{c}/search", c)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertThat(search.getString("hits[0].text")).contains("200437");

        JsonPath answer = Collections.ask(c, "What product was in order 200437?");
        assertThat(answer.getBoolean("grounded")).isTrue();
        assertThat(answer.getString("citations[0].quote")).contains("200437");
        assertThat(answer.getString("answer")).contains("pitch actuator");
    }
}
