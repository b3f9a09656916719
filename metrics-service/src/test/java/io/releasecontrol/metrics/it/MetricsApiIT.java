package io.releasecontrol.metrics.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.releasecontrol.events.EventEnvelope;
import io.releasecontrol.events.RcEvent;
import io.releasecontrol.events.Topics;
import io.releasecontrol.events.analysis.MetricRuleChanged;
import io.releasecontrol.events.alert.DataCorruptionReported;
import io.releasecontrol.events.metric.MetricSampleRecorded;
import io.releasecontrol.events.serde.EventCodec;
import io.releasecontrol.runtime.identity.IdentityCodec;
import io.releasecontrol.runtime.testsupport.KafkaProbe;
import io.releasecontrol.runtime.testsupport.RcIntegrationTest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/** The REST API against the running service: ingest, roles, rules, replay, compare, series, corruption, OpenAPI. */
@RcIntegrationTest
class MetricsApiIT {

    @Autowired
    WebTestClient web;
    @Autowired
    io.micrometer.core.instrument.MeterRegistry meters;

    /** Samples are evaluated and stored after the 202, by the consumer of rc.metric-samples. */
    private static void eventually(org.awaitility.core.ThrowingRunnable check) {
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(check);
    }

    @BeforeEach
    void patience() {
        web = web.mutate().responseTimeout(Duration.ofSeconds(30)).build();
    }

    private WebTestClient.ResponseSpec post(String path, String role, Object body) {
        var req = web.post().uri(path).contentType(MediaType.APPLICATION_JSON);
        if (role != null) {
            req = req.header(IdentityCodec.HEADER, ItSupport.as(role));
        }
        return req.bodyValue(body).exchange();
    }

    private WebTestClient.ResponseSpec get(String uri) {
        return web.get().uri(uri).header(IdentityCodec.HEADER, ItSupport.as("viewer")).exchange();
    }

    private static List<Map<String, Object>> json(List<MetricSampleRecorded> samples) {
        return samples.stream().map(ItSupport::json).toList();
    }

    @Test
    void ingestsABatchRejectingInvalidItemsWithReasonsAndCountingLateOnes() {
        var lateCount = meters.counter("rc.metrics.samples", "outcome", "late");
        double lateBefore = lateCount.count();
        Instant t0 = ItSupport.past();
        List<Map<String, Object>> batch = new ArrayList<>(json(ItSupport.errors("rest-batch", "1.0.0", t0, 1, 60, 70, 0.01)));
        var bad = new java.util.LinkedHashMap<>(batch.get(0));
        bad.put("cpu", 1.5);
        bad.put("application", "Bad:Name");
        batch.add(1, bad);

        post("/api/v1/metrics/samples", "deployer", batch).expectStatus().isAccepted().expectBody()
                .jsonPath("$.accepted").isEqualTo(2)
                .jsonPath("$.rejected[0].index").isEqualTo(1)
                .jsonPath("$.rejected[0].errors[?(@.field=='cpu')].message").isEqualTo("must be a ratio between 0 and 1")
                .jsonPath("$.rejected[0].errors[?(@.field=='application')]").exists();

        // 60 s behind the version's newest sample: beyond the 30 s lateness, taken, then counted and dropped
        var late = new java.util.LinkedHashMap<>(batch.get(0));
        late.put("instance", "other");
        late.put("time", t0.toString());
        post("/api/v1/metrics/samples", "deployer", List.of(late)).expectStatus().isAccepted().expectBody()
                .jsonPath("$.accepted").isEqualTo(1)
                .jsonPath("$.rejected.length()").isEqualTo(0);
        eventually(() -> assertThat(lateCount.count() - lateBefore).isEqualTo(1));
        get("/api/v1/metrics/health?application=rest-batch&environment=staging").expectStatus().isOk().expectBody()
                .jsonPath("$.versions[0].rules[?(@.rule=='error-rate-5pct')].samples").isEqualTo(2);
    }

    @Test
    void refusesABatchWithoutAValidSampleAsProblemJson() {
        var bad = ItSupport.json(ItSupport.errors("rest-bad", "1.0.0", ItSupport.past(), 1, 0, 5, 0.01).get(0));
        bad.put("requests", -1);
        post("/api/v1/metrics/samples", "deployer", List.of(bad)).expectStatus().isBadRequest()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.type").isEqualTo("https://releasecontrol.io/problems/validation")
                .jsonPath("$.errors[0].field").isEqualTo("[0].requests");
        get("/api/v1/metrics/health?application=rest-bad&environment=staging").expectStatus().isNotFound();
    }

    @Test
    void checksRoles() {
        var sample = json(ItSupport.errors("rest-roles", "1.0.0", ItSupport.past(), 1, 0, 5, 0.01));
        post("/api/v1/metrics/samples", null, sample).expectStatus().isUnauthorized()
                .expectBody().jsonPath("$.type").isEqualTo("https://releasecontrol.io/problems/unauthenticated");
        post("/api/v1/metrics/samples", "viewer", sample).expectStatus().isForbidden();
        web.put().uri("/api/v1/rules/cpu-70pct").header(IdentityCodec.HEADER, ItSupport.as("deployer"))
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of()).exchange().expectStatus().isForbidden();
    }

    @Test
    void showsLiveHealthAndComparesACanaryWithItsBaseline() {
        Instant t0 = ItSupport.past();
        List<MetricSampleRecorded> trace = new ArrayList<>();
        trace.addAll(ItSupport.errors("rest-canary", "1.0.0", t0, 3, 0, 120, 0.005));
        trace.addAll(ItSupport.errors("rest-canary", "2.0.0", t0, 1, 30, 120, 0.03));
        trace.sort(java.util.Comparator.comparing(MetricSampleRecorded::time));
        post("/api/v1/metrics/samples", "deployer", json(trace)).expectStatus().isAccepted().expectBody()
                .jsonPath("$.accepted").isEqualTo(trace.size());

        eventually(() -> get("/api/v1/metrics/health?application=rest-canary&environment=staging").expectStatus().isOk()
                .expectBody()
                .jsonPath("$.versions[?(@.version=='2.0.0')].status").isEqualTo("breached")
                .jsonPath("$.versions[?(@.version=='1.0.0')].status").isEqualTo("healthy"));
        var breaches = KafkaProbe.read(Topics.ALERTS, r -> "rest-canary:staging".equals(r.key()), 1,
                Duration.ofSeconds(20), Duration.ofSeconds(1));
        assertThat(breaches).extracting(r -> ((io.releasecontrol.events.alert.AlertEvent) EventCodec.fromBytes(r.value()).data()).version()).containsExactly("2.0.0");
        get("/api/v1/metrics/compare?application=rest-canary&environment=staging&baseline=1.0.0&canary=2.0.0&window=PT1M")
                .expectStatus().isOk().expectBody()
                .jsonPath("$.verdict").isEqualTo("fail")
                .jsonPath("$.metrics[?(@.metric=='errorRate')].verdict").isEqualTo("fail")
                .jsonPath("$.metrics[?(@.metric=='errorRate')].statistic").isEqualTo("mann-whitney-u")
                .jsonPath("$.metrics[?(@.metric=='cpu')].verdict").isEqualTo("pass");
        eventually(() -> get("/api/v1/metrics/series?application=rest-canary&environment=staging&version=2.0.0"
                + "&metric=errorRate&from=" + t0 + "&to=" + t0.plusSeconds(180) + "&step=PT1M").expectStatus().isOk()
                .expectBody()
                .jsonPath("$.points.length()").isEqualTo(2)
                .jsonPath("$.points[1].value").isEqualTo(0.03)
                .jsonPath("$.points[1].samples").isEqualTo(12));
    }

    @Test
    void listsSeedRulesAndLetsAnAdminAddOne() {
        get("/api/v1/rules").expectStatus().isOk().expectBody()
                .jsonPath("$.items[?(@.id=='error-rate-5pct')].threshold").isEqualTo(0.05)
                .jsonPath("$.items[?(@.id=='error-rate-5pct')].failure.failing").isEqualTo(3)
                .jsonPath("$.items[?(@.id=='http5xx-10-per-min')].action").isEqualTo("rollback");
        var rule = Map.of("metric", "latencyP95Ms", "comparator", ">", "threshold", 30000, "severity", "info",
                "action", "alert", "window", "PT1M", "failure", Map.of("failing", 2, "outOf", 4));
        web.put().uri("/api/v1/rules/latency-p95-30s").header(IdentityCodec.HEADER, ItSupport.as("admin"))
                .contentType(MediaType.APPLICATION_JSON).bodyValue(rule).exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.id").isEqualTo("latency-p95-30s").jsonPath("$.failure.outOf").isEqualTo(4);
        get("/api/v1/rules/latency-p95-30s").expectStatus().isOk();
        // the audit trail: who changed which rule, on rc.analysis, keyed for every target
        List<EventEnvelope<RcEvent>> changes = new ArrayList<>();
        KafkaProbe.read(Topics.ANALYSIS, r -> "*:*".equals(r.key())
                && new String(r.value(), StandardCharsets.UTF_8).contains("\"latency-p95-30s\""), 1,
                Duration.ofSeconds(20), Duration.ofSeconds(1))
                .forEach(r -> changes.add(EventCodec.fromBytes(r.value())));
        assertThat(changes).extracting(EventEnvelope::data).singleElement().isInstanceOfSatisfying(MetricRuleChanged.class,
                c -> {
                    assertThat(c.ruleId()).isEqualTo("latency-p95-30s");
                    assertThat(c.change()).isEqualTo(MetricRuleChanged.CREATED);
                    assertThat(c.actor()).isEqualTo("it-admin");
                    assertThat(c.rule().threshold()).isEqualTo(30000.0);
                    assertThat(c.rule().action()).isEqualTo("alert");
                });
        web.put().uri("/api/v1/rules/broken").header(IdentityCodec.HEADER, ItSupport.as("admin"))
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("metric", "nope", "threshold", 1, "severity", "loud", "action", "alert")).exchange()
                .expectStatus().isBadRequest().expectBody()
                .jsonPath("$.errors[?(@.field=='metric')]").exists()
                .jsonPath("$.errors[?(@.field=='severity')]").exists();
        get("/api/v1/rules/broken").expectStatus().isNotFound();
    }

    @Test
    void replaysATraceThroughPostedRules() {
        Instant t0 = ItSupport.past();
        List<MetricSampleRecorded> trace = new ArrayList<>();
        trace.addAll(ItSupport.errors("replay", "1.0.0", t0, 2, 0, 60, 0.01));
        // 3 % against a 2 % threshold at 80 requests/s: two minutes are enough evidence, one is not (docs/metrics.md)
        trace.addAll(ItSupport.errors("replay", "1.0.0", t0, 2, 60, 180, 0.03));
        var strict = Map.of("id", "error-rate-2pct", "metric", "errorRate", "comparator", ">", "threshold", 0.02,
                "severity", "critical", "action", "rollback", "window", "PT1M", "minSamples", 5,
                "failure", Map.of("failing", 3, "outOf", 3));
        post("/api/v1/rules/replay", "viewer", Map.of("samples", json(trace), "rules", List.of(strict)))
                .expectStatus().isOk().expectBody()
                .jsonPath("$.evaluated").isEqualTo(trace.size())
                .jsonPath("$.breaches.length()").isEqualTo(1)
                .jsonPath("$.breaches[0].rule").isEqualTo("error-rate-2pct")
                .jsonPath("$.breaches[0].action").isEqualTo("rollback")
                .jsonPath("$.breaches[0].version").isEqualTo("1.0.0")
                .jsonPath("$.recoveries.length()").isEqualTo(0);
        // the same trace through the seed rules (5 %) breaches nothing
        post("/api/v1/rules/replay", "viewer", Map.of("samples", json(trace))).expectStatus().isOk().expectBody()
                .jsonPath("$.breaches.length()").isEqualTo(0);
    }

    @Test
    void replaysTheDocumentedHundredThousandSamplesAndRefusesWhatIsNotJson() {
        Instant t0 = ItSupport.past().minus(Duration.ofHours(3));
        // 25 instances every 5 s for 5,000 s: 100,000 samples, about 25 MB of JSON (the codecs' default held 256 KiB)
        List<MetricSampleRecorded> trace = ItSupport.errors("replay-big", "1.0.0", t0, 25, 0, 20_000, 0.01);
        assertThat(trace).hasSize(100_000);
        post("/api/v1/rules/replay", "viewer", Map.of("samples", json(trace))).expectStatus().isOk().expectBody()
                .jsonPath("$.evaluated").isEqualTo(100_000)
                .jsonPath("$.breaches.length()").isEqualTo(0);
        web.post().uri("/api/v1/rules/replay").contentType(MediaType.APPLICATION_XML)
                .header(IdentityCodec.HEADER, ItSupport.as("viewer")).bodyValue("<samples/>").exchange()
                .expectStatus().isEqualTo(415).expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
        post("/api/v1/rules/replay", "viewer", "{\"samples\": [").expectStatus().isBadRequest().expectHeader()
                .contentType(MediaType.APPLICATION_PROBLEM_JSON);
    }

    @Test
    void publishesADataCorruptionReportFromAnAdminAndFromAnAlertmanagerWebhook() {
        post("/api/v1/metrics/corruption-reports", "admin", Map.of("application", "corrupt", "environment", "staging",
                "version", "3.1.0", "description", "orders without customer")).expectStatus().isAccepted()
                .expectBody().jsonPath("$.eventIds.length()").isEqualTo(1);
        post("/api/v1/metrics/corruption-reports", "deployer", Map.of()).expectStatus().isForbidden();
        post("/api/v1/metrics/corruption-reports", "admin", Map.of("application", "corrupt")).expectStatus()
                .isBadRequest().expectBody().jsonPath("$.errors.length()").isEqualTo(3);
        var webhook = Map.of("status", "firing", "alerts", List.of(
                Map.of("status", "firing", "labels", Map.of("rc_kind", "data-corruption", "application", "corrupt",
                        "environment", "staging", "version", "3.1.0", "alertname", "OrphanRows"),
                        "annotations", Map.of("description", "orphan rows in orders")),
                Map.of("status", "firing", "labels", Map.of("alertname", "DiskFull"))));
        post("/api/v1/metrics/webhooks/alertmanager", "admin", webhook).expectStatus().isAccepted()
                .expectBody().jsonPath("$.eventIds.length()").isEqualTo(1);

        var records = KafkaProbe.read(Topics.ALERTS, r -> "corrupt:staging".equals(r.key()), 2, Duration.ofSeconds(20),
                Duration.ofSeconds(1));
        assertThat(records).extracting(r -> ((DataCorruptionReported) EventCodec.fromBytes(r.value()).data()).description())
                .containsExactly("orders without customer", "orphan rows in orders");
    }

    @Test
    void aCorruptionReportWithANulCharacterIsRefusedNotAcceptedAndLost() {
        // accepted (202), it never reached the saga: the orchestrator could not store the NUL in PostgreSQL
        post("/api/v1/metrics/corruption-reports", "admin", Map.of("application", "corrupt", "environment", "staging",
                "version", "3.1.0", "description", "orders\u0000lost")).expectStatus().isBadRequest()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.type").isEqualTo("https://releasecontrol.io/problems/validation")
                .jsonPath("$.errors[0].field").isEqualTo("description");
        var webhook = Map.of("status", "firing", "alerts", List.of(Map.of("status", "firing",
                "labels", Map.of("rc_kind", "data-corruption", "application", "corrupt", "environment", "staging",
                        "version", "3.1.0"), "annotations", Map.of("description", "\u0000"))));
        post("/api/v1/metrics/webhooks/alertmanager", "admin", webhook).expectStatus().isBadRequest()
                .expectBody().jsonPath("$.errors[0].field").isEqualTo("alerts[0].annotations.description");
    }

    @Test
    void queryParametersThatMakeNoTargetAreA400NamingThem() {
        // each was a 500 from the target key (an empty name, a ':')
        get("/api/v1/metrics/health?application=&environment=x").expectStatus().isBadRequest()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.type").isEqualTo("https://releasecontrol.io/problems/validation")
                .jsonPath("$.errors[0].field").isEqualTo("application");
        get("/api/v1/metrics/health?application=shop&environment=a:b").expectStatus().isBadRequest()
                .expectBody().jsonPath("$.errors[0].field").isEqualTo("environment");
        get("/api/v1/metrics/compare?application=shop:x&environment=prod&baseline=1&canary=2").expectStatus().isBadRequest()
                .expectBody().jsonPath("$.errors[0].field").isEqualTo("application");
        get("/api/v1/metrics/compare?application=shop&environment=prod&baseline=1&canary=2:0").expectStatus().isBadRequest()
                .expectBody().jsonPath("$.errors[0].field").isEqualTo("canary");
        get("/api/v1/metrics/compare?application=shop&environment=&baseline=1&canary=2").expectStatus().isBadRequest()
                .expectBody().jsonPath("$.errors[0].field").isEqualTo("environment");
        get("/api/v1/metrics/series?application=shop&environment=prod&version=a:b&metric=cpu"
                + "&from=2026-01-01T00:00:00Z&to=2026-01-01T01:00:00Z").expectStatus().isBadRequest()
                .expectBody().jsonPath("$.errors[0].field").isEqualTo("version");
        // a well-formed target without samples is still a 404
        get("/api/v1/metrics/health?application=no-such-app&environment=x").expectStatus().isNotFound();
    }

    @Test
    void listsItsPathsInTheOpenApiDocument() {
        web.get().uri("/v3/api-docs")
                .header(IdentityCodec.HEADER, ItSupport.as("viewer")).exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.paths['/api/v1/metrics/samples'].post").exists()
                .jsonPath("$.paths['/api/v1/metrics/health'].get").exists()
                .jsonPath("$.paths['/api/v1/metrics/series'].get").exists()
                .jsonPath("$.paths['/api/v1/metrics/compare'].get").exists()
                .jsonPath("$.paths['/api/v1/rules'].get").exists()
                .jsonPath("$.paths['/api/v1/rules/{id}'].put").exists()
                .jsonPath("$.paths['/api/v1/rules/replay'].post").exists();
    }
}
