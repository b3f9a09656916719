package io.releasecontrol.gateway.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/** The shared steps of the rate-limit ITs. */
final class RateLimitAssertions {

    private RateLimitAssertions() {
    }

    static void exhaust(WebTestClient web, String key, int burst) {
        for (int i = 0; i < burst; i++) {
            web.get().uri("/api/v1/applications").header("X-API-Key", key).exchange()
                    .expectStatus().isOk().expectHeader().exists("X-RateLimit-Remaining");
        }
    }

    /** @param fullWaitSeconds the time one token takes to come back; Retry-After is at most that */
    static void expectLimited(WebTestClient web, String key, int fullWaitSeconds) {
        var result = web.get().uri("/api/v1/applications").header("X-API-Key", key).exchange()
                .expectStatus().isEqualTo(429)
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectHeader().exists("X-Correlation-Id")
                .expectBody(Map.class).returnResult();
        Map<?, ?> problem = result.getResponseBody();
        assertThat(problem.get("type")).isEqualTo("https://releasecontrol.io/problems/rate-limited");
        assertThat(problem.get("status")).isEqualTo(429);
        long retryAfter = Long.parseLong(result.getResponseHeaders().getFirst("Retry-After"));
        // part of a token may have come back while the burst was spent: a little less than the full wait
        assertThat(retryAfter).isBetween(1L, (long) fullWaitSeconds);
        assertThat(((Number) problem.get("retryAfterSeconds")).longValue()).isEqualTo(retryAfter);
    }
}
