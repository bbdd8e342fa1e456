package dev.docent.answer.provider;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpHeaders;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ProviderHttpClientTest {
    static final Instant NOW = Instant.parse("2026-12-07T12:00:00Z");

    static Optional<Duration> retryAfter(int status, String name, String value) {
        HttpHeaders headers = HttpHeaders.of(Map.of(name, List.of(value)), (a, b) -> true);
        return ProviderHttpClient.retryAfter(status, headers, NOW);
    }

    @Test
    void secondsMillisecondsAndHttpDatesAreRead() {
        assertThat(retryAfter(429, "Retry-After", "20")).contains(Duration.ofSeconds(20));
        assertThat(retryAfter(429, "retry-after", "1.5")).contains(Duration.ofMillis(1500));
        assertThat(retryAfter(429, "retry-after-ms", "250")).contains(Duration.ofMillis(250));
        assertThat(retryAfter(503, "Retry-After", "Mon, 07 Dec 2026 12:00:30 GMT"))
                .contains(Duration.ofSeconds(30));
        assertThat(retryAfter(529, "retry-after", "3")).contains(Duration.ofSeconds(3)); // Anthropic's overloaded
    }

    @Test
    void otherRepliesAndValuesThatSayNothingUsableAreIgnored() {
        assertThat(retryAfter(200, "Retry-After", "20")).isEmpty();
        assertThat(retryAfter(500, "Retry-After", "20")).isEmpty();
        assertThat(retryAfter(429, "Retry-After", "soon")).isEmpty();
        assertThat(retryAfter(429, "Retry-After", "0")).isEmpty();
        assertThat(retryAfter(429, "Retry-After", "Mon, 07 Dec 2026 11:59:00 GMT"))
                .isEmpty(); // in the past
        assertThat(retryAfter(429, "X-Other", "20")).isEmpty();
    }

    @Test
    void aSuccessfulReplyThatIsAWebPageIsNoProviderApi() {
        HttpHeaders html = HttpHeaders.of(Map.of("Content-Type", List.of("text/html; charset=utf-8")), (a, b) -> true);
        HttpHeaders json = HttpHeaders.of(Map.of("Content-Type", List.of("application/json")), (a, b) -> true);
        HttpHeaders none = HttpHeaders.of(Map.of(), (a, b) -> true);
        assertThat(ProviderHttpClient.isHtmlPage(200, html)).isTrue();
        assertThat(ProviderHttpClient.isHtmlPage(200, json)).isFalse();
        assertThat(ProviderHttpClient.isHtmlPage(200, none)).isFalse();
        assertThat(ProviderHttpClient.isHtmlPage(502, html)).isFalse(); // an error page is LangChain4j's to report
    }

    @Test
    void aCoolDownLongerThanARequestWaitsSendsRequestsOnWithoutACall() {
        ProviderCooldown cooldown = new ProviderCooldown("openai", Duration.ofSeconds(2));
        cooldown.check(true); // nothing heard: no wait, no refusal
        cooldown.heard(Duration.ofSeconds(30));
        ProviderCoolingDown refused =
                org.junit.jupiter.api.Assertions.assertThrows(ProviderCoolingDown.class, () -> cooldown.check(true));
        assertThat(refused.called()).isFalse();
        RuntimeException limited = new RuntimeException("429");
        assertThat(cooldown.after(limited))
                .isInstanceOf(ProviderCoolingDown.class)
                .hasCause(limited);
        // an hour is cut to the longest cool-down
        cooldown.heard(Duration.ofHours(1));
        assertThat(cooldown.remaining())
                .hasValueSatisfying(r -> assertThat(r).isLessThanOrEqualTo(ProviderCooldown.LONGEST));
    }
}
