package io.releasecontrol.metrics.it;

import io.releasecontrol.events.metric.MetricSampleRecorded;
import io.releasecontrol.runtime.identity.IdentityCodec;
import io.releasecontrol.runtime.testsupport.RcIntegrationTest;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * {@code GET /api/v1/metrics/gate} over HTTP: a verdict for any target (no samples is inconclusive,
 * with every enforced rule listed), the evidence of a version counted from {@code since}, and a 400
 * naming a missing or malformed parameter (never a 500 for a name no target can have).
 */
@RcIntegrationTest
class GateApiIT {

    @Autowired
    WebTestClient web;

    @BeforeEach
    void patience() {
        web = web.mutate().responseTimeout(Duration.ofSeconds(30)).build();
    }

    private WebTestClient.ResponseSpec gate(String query) {
        return web.get().uri("/api/v1/metrics/gate?" + query).header(IdentityCodec.HEADER, ItSupport.as("viewer"))
                .exchange();
    }

    @Test
    void answersForAnyTargetAndCountsTheEvidenceSinceTheStepBegan() {
        gate("application=gate-nobody&environment=staging&version=1.1.0").expectStatus().isOk().expectBody()
                .jsonPath("$.verdict").isEqualTo("inconclusive")
                .jsonPath("$.reason").isEqualTo("waiting for evidence: no samples of 1.1.0 in staging")
                .jsonPath("$.rules[?(@.rule == 'error-rate-5pct')].verdict").isEqualTo("inconclusive")
                .jsonPath("$.gate.minRequests").isEqualTo(1000);

        // 1.1.0 at 1 % errors, two instances every 5 s for two minutes: 9,600 requests in 48 samples
        String app = "gate-api";
        Instant t0 = ItSupport.past();
        List<MetricSampleRecorded> trace = ItSupport.errors(app, "1.1.0", t0, 2, 0, 120, 0.01);
        web.post().uri("/api/v1/metrics/samples").header(IdentityCodec.HEADER, ItSupport.as("deployer"))
                .contentType(MediaType.APPLICATION_JSON).bodyValue(trace.stream().map(ItSupport::json).toList())
                .exchange().expectStatus().isAccepted();
        // evaluated after the 202, by the consumer of rc.metric-samples
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30)).untilAsserted(() ->
                gate("application=" + app + "&environment=staging&version=1.1.0").expectStatus().isOk().expectBody()
                        .jsonPath("$.verdict").isEqualTo("pass")
                        .jsonPath("$.requests").isEqualTo(9600)
                        .jsonPath("$.samples").isEqualTo(48)
                        .jsonPath("$.clock").isEqualTo(trace.get(trace.size() - 1).time().toString())
                        .jsonPath("$.rules[?(@.rule == 'error-rate-5pct')].verdict").isEqualTo("pass"));
        // since the last minute of the trace only (the 5 s buckets that began after it): the rules pass,
        // but 24 samples are under the default 30
        gate("application=" + app + "&environment=staging&version=1.1.0&since=" + t0.plusSeconds(60)).expectStatus()
                .isOk().expectBody()
                .jsonPath("$.samples").isEqualTo(24)
                .jsonPath("$.requests").isEqualTo(4800)
                .jsonPath("$.verdict").isEqualTo("inconclusive")
                .jsonPath("$.reason").isEqualTo("waiting for evidence: 24 of 30 samples at 100.0 %");
    }

    @Test
    void aMissingOrMalformedParameterIsA400NamingIt() {
        gate("application=shop&environment=staging").expectStatus().isBadRequest().expectBody()
                .jsonPath("$.errors[0].field").isEqualTo("version");
        gate("application=a:b&environment=staging&version=1").expectStatus().isBadRequest().expectBody()
                .jsonPath("$.errors[0].field").isEqualTo("application");
        gate("application=shop&environment=staging&version=1&since=yesterday").expectStatus().isBadRequest()
                .expectBody().jsonPath("$.errors[0].field").isEqualTo("since");
    }
}
