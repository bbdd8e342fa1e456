package dev.docent.answer.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.docent.testsupport.Collections;
import dev.docent.testsupport.PostgresTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.Test;

/** The answer's {@code shortAnswer} is a span of its citation that the document's extracted text confirms. */
@QuarkusTest
@QuarkusTestResource(value = PostgresTestResource.class, restrictToAnnotatedClass = false)
class ShortAnswerApiTest {

    private static final String HISTORY = """
            Fontfroide Abbey

            The abbey lies in a valley south-west of Narbonne. It was founded in 1093 by a group of Benedictine \
            monks and joined the Cistercian order in 1145. Its cloister was rebuilt by Guillaume Bonnet after a fire.

            The abbey owned about 30,000 hectares of land at its peak. Today it is a private estate open to visitors.
            """;

    @Test
    void aFactoidQuestionGetsTheWordsThatAnswerItInsideTheCitedQuote() {
        String c = Collections.create();
        String doc = Collections.uploadText(c, "fontfroide.txt", HISTORY).getString("id");
        String text = Collections.text(c, doc);

        JsonPath founded = Collections.ask(c, "When was the abbey founded?");
        assertThat(founded.getBoolean("grounded")).isTrue();
        assertThat(founded.getString("shortAnswer.text")).isEqualTo("1093");
        int marker = founded.getInt("shortAnswer.marker");
        int start = founded.getInt("shortAnswer.charStart");
        int end = founded.getInt("shortAnswer.charEnd");
        assertThat(text.substring(start, end)).isEqualTo("1093");
        // inside the quote of the citation it names
        int citationStart = founded.getInt("citations.find { it.marker == " + marker + " }.charStart");
        int citationEnd = founded.getInt("citations.find { it.marker == " + marker + " }.charEnd");
        assertThat(start).isGreaterThanOrEqualTo(citationStart);
        assertThat(end).isLessThanOrEqualTo(citationEnd);

        assertThat(Collections.ask(c, "Who rebuilt the cloister?").getString("shortAnswer.text"))
                .isEqualTo("Guillaume Bonnet");
        assertThat(Collections.ask(c, "How much land did the abbey own?").getString("shortAnswer.text"))
                .isEqualTo("about 30,000 hectares");
    }

    @Test
    void anAbstentionHasNone() {
        String c = Collections.create();
        Collections.uploadText(c, "fontfroide.txt", HISTORY);
        JsonPath answer = Collections.ask(c, "What is the boiling point of liquid nitrogen in Kelvin?");
        assertThat(answer.getBoolean("grounded")).isFalse();
        assertThat(answer.getString("shortAnswer")).isNull();
    }
}
