package io.releasecontrol.runtime.testsupport;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import io.releasecontrol.runtime.identity.IdentityCodec;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;

/**
 * What every service answers, whatever it does: health with liveness and readiness, Prometheus
 * metrics (both to a caller without identity), correlation ids, problem+json for unknown paths,
 * refusal of a forged identity and of an anonymous read. A service's test extends this and adds
 * {@link RcIntegrationTest}.
 */
public abstract class ServiceBasicsContract {

    @Autowired
    protected WebTestClient web;

    /** A read of the service's data, e.g. {@code /api/v1/deployments?size=1}: refused to an anonymous caller. */
    protected abstract String aRead();

    /** An identity header for {@code role}, signed with the test stack's shared secret as the gateway would. */
    protected static String signed(String subject, String role) {
        return new IdentityCodec(RcInfrastructureInitializer.TEST_IDENTITY_SECRET, Duration.ofMinutes(5),
                Clock.fixed(Instant.now(), ZoneOffset.UTC)).sign(subject, List.of(role));
    }

    @BeforeEach
    void allowSlowFirstCalls() {
        // the first call warms connection pools; on a busy 2-core CI machine that can take seconds
        web = web.mutate().responseTimeout(Duration.ofSeconds(30)).build();
    }

    @Test
    void reportsHealthWithLivenessAndReadiness() {
        web.get().uri("/actuator/health").exchange().expectStatus().isOk().expectBody().jsonPath("$.status").isEqualTo("UP");
        web.get().uri("/actuator/health/liveness").exchange().expectStatus().isOk();
        web.get().uri("/actuator/health/readiness").exchange().expectStatus().isOk();
    }

    @Test
    void exposesPrometheusMetrics() {
        // Kafka client metrics carry per-topic/partition series: a busy service's scrape outgrows the 256 KiB default
        web.mutate().codecs(c -> c.defaultCodecs().maxInMemorySize(16 * 1024 * 1024)).build()
                .get().uri("/actuator/prometheus").exchange().expectStatus().isOk()
                .expectBody(String.class).value(body -> org.assertj.core.api.Assertions.assertThat(body).contains("jvm_memory_used_bytes"));
    }

    @Test
    void echoesCorrelationIdAndAddsTraceparent() {
        web.get().uri("/actuator/health").header("X-Correlation-Id", "abc-123").exchange()
                .expectHeader().valueEquals("X-Correlation-Id", "abc-123")
                .expectHeader().valueMatches("traceparent", "00-[0-9a-f]{32}-[0-9a-f]{16}-0[01]");
    }

    @Test
    void refusesAnAnonymousReadWithAnUnauthenticatedProblem() {
        web.get().uri(aRead()).exchange()
                .expectStatus().isUnauthorized()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.type").isEqualTo("https://releasecontrol.io/problems/unauthenticated")
                .jsonPath("$.status").isEqualTo(401)
                .jsonPath("$.title").isEqualTo("Authentication required")
                .jsonPath("$.detail").exists();
    }

    @Test
    void answersUnknownPathWithProblemJson() {
        web.get().uri("/api/v1/no-such-thing").header(IdentityCodec.HEADER, signed("vera", "viewer")).exchange()
                .expectStatus().isNotFound()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.type").isEqualTo("https://releasecontrol.io/problems/not-found")
                .jsonPath("$.status").isEqualTo(404)
                .jsonPath("$.instance").isEqualTo("/api/v1/no-such-thing");
    }

    @Test
    void refusesForgedIdentityHeader() {
        // signed with another secret: what a caller bypassing the gateway could produce
        String forged = new IdentityCodec("not-the-gateway-secret-at-all", Duration.ofMinutes(5), Clock.systemUTC())
                .sign("mallory", List.of("admin"));
        web.get().uri("/actuator/health").header(IdentityCodec.HEADER, forged).exchange()
                .expectStatus().isUnauthorized()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.type").isEqualTo("https://releasecontrol.io/problems/identity-rejected")
                .jsonPath("$.detail").isEqualTo("identity header signature does not verify");
    }

    @Test
    void acceptsIdentitySignedWithTheSharedSecret() {
        web.get().uri("/actuator/health").header(IdentityCodec.HEADER, signed("alice", "deployer")).exchange()
                .expectStatus().isOk();
    }
}
