package io.releasecontrol.metrics.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.releasecontrol.events.Topics;
import io.releasecontrol.events.alert.CustomMetricBreached;
import io.releasecontrol.events.serde.EventCodec;
import io.releasecontrol.runtime.identity.IdentityCodec;
import io.releasecontrol.runtime.testsupport.KafkaProbe;
import io.releasecontrol.runtime.testsupport.RcIntegrationTest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * An application's own gauge and counter as rules of its analysis policy, over HTTP and Kafka: the
 * policy stores and shows their definitions, samples carrying the values over REST breach the gauge
 * rule as a {@code CustomMetricBreached} naming the metric and how it was computed, and a definition
 * that is two kinds at once or names no valid sample value is a 400 naming the field.
 */
@RcIntegrationTest
class CustomMetricRulesIT {

    private static final String PATH = "/api/v1/applications/{app}/analysis";

    @Autowired
    WebTestClient web;

    @BeforeEach
    void patience() {
        web = web.mutate().responseTimeout(Duration.ofSeconds(30)).build();
    }

    private WebTestClient.ResponseSpec put(String app, Object body) {
        return web.put().uri(PATH, app).header(IdentityCodec.HEADER, ItSupport.as("admin"))
                .contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange();
    }

    private static Map<String, Object> rule(String id, String metric, String comparator, double threshold,
            String kind, String value) {
        return Map.of("id", id, "metric", metric, "comparator", comparator, "threshold", threshold, "severity",
                "critical", "action", "rollback", "window", "PT1M", "minSamples", 3, kind, value);
    }

    @Test
    void aGaugeRuleOfAPolicyBreachesOnTheSamplesCustomValues() {
        String app = "gauge-shop";
        put(app, Map.of("rules", List.of(rule("queue-lag-5s", "queue_lag", ">", 5, "gauge", "queue_lag_seconds"),
                rule("refunds-100", "refunds", ">", 100, "counter", "refund_issued")))).expectStatus().isOk()
                .expectBody()
                .jsonPath("$.policy.rules[0].gauge").isEqualTo("queue_lag_seconds")
                .jsonPath("$.policy.rules[0].metric").isEqualTo("queue_lag")
                .jsonPath("$.policy.rules[1].counter").isEqualTo("refund_issued");

        // 12 s of queue lag in every sample, and 2 refunds each: the gauge breaches, the counter (24 a minute) not
        Instant t0 = ItSupport.past();
        List<Map<String, Object>> samples = new ArrayList<>();
        for (int s = 0; s < 60; s += 5) {
            var json = new HashMap<>(ItSupport.json(new io.releasecontrol.events.metric.MetricSampleRecorded(app,
                    "staging", "1.0.0", "i0", t0.plusSeconds(s), 200L, 1L, 0L, 120.0, 0.3, 0.4, 50L)));
            json.put("custom", Map.of("queue_lag_seconds", 12.0, "refund_issued", 2));
            samples.add(json);
        }
        web.post().uri("/api/v1/metrics/samples").header(IdentityCodec.HEADER, ItSupport.as("deployer"))
                .contentType(MediaType.APPLICATION_JSON).bodyValue(samples).exchange().expectStatus().isAccepted();

        var breaches = KafkaProbe.read(Topics.ALERTS, r -> (app + ":staging").equals(r.key()), 1, Duration.ofSeconds(20),
                Duration.ofSeconds(2)).stream().map(r -> EventCodec.fromBytes(r.value()).data())
                .filter(CustomMetricBreached.class::isInstance).map(CustomMetricBreached.class::cast).toList();
        assertThat(breaches).hasSize(1);
        CustomMetricBreached breach = breaches.get(0);
        assertThat(breach.metric()).isEqualTo("queue_lag");
        assertThat(breach.evidence().rule()).isEqualTo("queue-lag-5s");
        assertThat(breach.evidence().observed()).isEqualTo(12.0);
        assertThat(breach.evidence().statistic()).startsWith("mean(queue_lag_seconds) = 12");
    }

    @Test
    void aDefinitionThatIsTwoKindsOrNamesNoValidValueIsA400NamingTheField() {
        var both = new HashMap<>(rule("lag", "queue_lag", ">", 5, "gauge", "queue_lag_seconds"));
        both.put("counter", "lag_events");
        put("gauge-bad", Map.of("rules", List.of(both,
                rule("declines", "payment_declines", ">", 5, "counter", "Declined-Payments"),
                rule("cpu-own", "cpu", ">", 5, "gauge", "cpu_share")))).expectStatus().isBadRequest().expectBody()
                .jsonPath("$.errors[?(@.field=='rules[0].metric')].message")
                .isEqualTo("a metric of your own is one of ratio, counter or gauge, not 2")
                .jsonPath("$.errors[?(@.field=='rules[1].counter')]").exists()
                .jsonPath("$.errors[?(@.field=='rules[2].metric')].message")
                .isEqualTo("'cpu' is a built-in metric: give yours a name of its own");
    }
}
