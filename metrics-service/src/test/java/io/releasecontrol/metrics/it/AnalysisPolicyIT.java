package io.releasecontrol.metrics.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.releasecontrol.events.Topics;
import io.releasecontrol.events.alert.BreachEvent;
import io.releasecontrol.events.analysis.AnalysisPolicyChanged;
import io.releasecontrol.events.metric.MetricSampleRecorded;
import io.releasecontrol.events.serde.EventCodec;
import io.releasecontrol.metrics.gate.GateSettings;
import io.releasecontrol.metrics.policy.AnalysisPolicies;
import io.releasecontrol.runtime.identity.IdentityCodec;
import io.releasecontrol.runtime.testsupport.KafkaProbe;
import io.releasecontrol.runtime.testsupport.RcIntegrationTest;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * Analysis policies through the HTTP API: stored, validated field by field, used by the engine for
 * the application's samples (an added rule breaches, a disabled global one does not, a dry-run rule
 * breaches with action dry-run) and published as AnalysisPolicyChanged on rc.analysis.
 */
@RcIntegrationTest
class AnalysisPolicyIT {

    private static final String PATH = "/api/v1/applications/{app}/analysis";

    @Autowired
    WebTestClient web;

    @Autowired
    AnalysisPolicies policies;

    @BeforeEach
    void patience() {
        web = web.mutate().responseTimeout(Duration.ofSeconds(30)).build();
    }

    private WebTestClient.ResponseSpec put(String app, String environment, String role, Object body) {
        return web.put().uri(u -> u.path(PATH).queryParamIfPresent("environment", java.util.Optional.ofNullable(
                environment)).build(app)).header(IdentityCodec.HEADER, ItSupport.as(role))
                .contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange();
    }

    private WebTestClient.ResponseSpec get(String app, String environment) {
        return web.get().uri(u -> u.path(PATH).queryParamIfPresent("environment", java.util.Optional.ofNullable(
                environment)).build(app)).header(IdentityCodec.HEADER, ItSupport.as("viewer")).exchange();
    }

    private static Map<String, Object> rule(String id, String metric, double threshold, String action, String mode) {
        return Map.of("id", id, "metric", metric, "comparator", ">", "threshold", threshold, "severity", "critical",
                "action", action, "window", "PT1M", "minSamples", 3, "mode", mode);
    }

    @Test
    void aPolicysRulesDecideItsApplicationsSamplesAndItsChangesAreEvents() {
        String app = "policy-shop";
        var body = Map.of("rules", List.of(
                rule("error-rate-2pct", "errorRate", 0.02, "rollback", "enforce"),
                // cpu 0.3 in every sample: breaches, but only as a dry run
                rule("cpu-20pct-dry", "cpu", 0.2, "rollback", "dry-run"),
                Map.of("id", "error-rate-5pct", "enabled", false)),
                "gate", Map.of("minRequests", 5000, "onTimeout", "fail"));
        put(app, null, "viewer", body).expectStatus().isForbidden();
        put(app, null, "admin", body).expectStatus().isOk().expectBody()
                .jsonPath("$.policy.rules.length()").isEqualTo(3)
                .jsonPath("$.policy.updatedBy").isEqualTo("it-admin")
                .jsonPath("$.policy.gate.minRequests").isEqualTo(5000)
                .jsonPath("$.policy.gate.minIntervals").isEqualTo(GateSettings.DEFAULT.minIntervals());

        get(app, "staging").expectStatus().isOk().expectBody()
                .jsonPath("$.policy").doesNotExist()
                .jsonPath("$.effective.rules[?(@.rule.id=='error-rate-2pct')].source").isEqualTo("application " + app)
                .jsonPath("$.effective.rules[?(@.rule.id=='error-rate-5pct')].rule.enabled").isEqualTo(false)
                .jsonPath("$.effective.rules[?(@.rule.id=='memory-80pct')].source").isEqualTo("global")
                .jsonPath("$.effective.rules[?(@.rule.id=='cpu-20pct-dry')].rule.mode").isEqualTo("dry-run")
                .jsonPath("$.effective.gate.onTimeout").isEqualTo("fail")
                .jsonPath("$.effective.gateSource").isEqualTo("application " + app);
        assertThat(policies.gateFor(app, "staging").onTimeout()).isEqualTo(GateSettings.OnTimeout.FAIL);
        assertThat(policies.gateFor("another-app", "staging")).isEqualTo(GateSettings.DEFAULT);

        // 8 % errors: over the added 2 % rule and over the disabled global 5 % rule
        Instant t0 = ItSupport.past();
        List<MetricSampleRecorded> trace = ItSupport.errors(app, "1.0.0", t0, 2, 0, 120, 0.08);
        web.post().uri("/api/v1/metrics/samples").header(IdentityCodec.HEADER, ItSupport.as("deployer"))
                .contentType(MediaType.APPLICATION_JSON).bodyValue(trace.stream().map(ItSupport::json).toList())
                .exchange().expectStatus().isAccepted();

        var alerts = KafkaProbe.read(Topics.ALERTS, r -> (app + ":staging").equals(r.key()), 2, Duration.ofSeconds(20),
                Duration.ofSeconds(2)).stream().map(r -> EventCodec.fromBytes(r.value()).data())
                .filter(BreachEvent.class::isInstance).map(BreachEvent.class::cast).toList();
        assertThat(alerts).extracting(b -> b.evidence().rule())
                .containsExactlyInAnyOrder("error-rate-2pct", "cpu-20pct-dry");
        BreachEvent enforced = alerts.stream().filter(b -> b.evidence().rule().equals("error-rate-2pct")).findFirst()
                .orElseThrow();
        assertThat(enforced.action()).isEqualTo("rollback");
        assertThat(enforced.evidence().policy()).isEqualTo("application " + app);
        assertThat(enforced.evidence().dryRunAction()).isNull();
        BreachEvent dryRun = alerts.stream().filter(b -> b.evidence().rule().equals("cpu-20pct-dry")).findFirst()
                .orElseThrow();
        assertThat(dryRun.action()).isEqualTo("dry-run");
        assertThat(dryRun.evidence().dryRunAction()).isEqualTo("rollback");

        web.get().uri("/api/v1/metrics/health?application=" + app + "&environment=staging")
                .header(IdentityCodec.HEADER, ItSupport.as("viewer")).exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.versions[0].rules[?(@.rule=='cpu-20pct-dry')].mode").isEqualTo("dry-run")
                .jsonPath("$.versions[0].rules[?(@.rule=='cpu-20pct-dry')].status").isEqualTo("breached")
                .jsonPath("$.versions[0].rules[?(@.rule=='error-rate-2pct')].policy").isEqualTo("application " + app);

        // an environment's policy, then its deletion
        put(app, "production", "admin", Map.of("rules", List.of(), "gate", Map.of("bake", "PT5M")))
                .expectStatus().isOk().expectBody().jsonPath("$.effective.gateSource")
                .isEqualTo("application " + app + ", environment production");
        web.delete().uri(u -> u.path(PATH).queryParam("environment", "production").build(app))
                .header(IdentityCodec.HEADER, ItSupport.as("admin")).exchange().expectStatus().isNoContent();
        web.delete().uri(u -> u.path(PATH).queryParam("environment", "production").build(app))
                .header(IdentityCodec.HEADER, ItSupport.as("admin")).exchange().expectStatus().isNotFound();

        var changes = KafkaProbe.read(Topics.ANALYSIS, r -> r.key().startsWith(app + ":"), 3, Duration.ofSeconds(20),
                Duration.ofSeconds(1)).stream().map(r -> (AnalysisPolicyChanged) EventCodec.fromBytes(r.value()).data())
                .toList();
        assertThat(changes).extracting(AnalysisPolicyChanged::environment, AnalysisPolicyChanged::change,
                        AnalysisPolicyChanged::actor)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(null, "created", "it-admin"),
                        org.assertj.core.groups.Tuple.tuple("production", "created", "it-admin"),
                        org.assertj.core.groups.Tuple.tuple("production", "deleted", "it-admin"));
        assertThat(changes.get(0).rules()).extracting(AnalysisPolicyChanged.PolicyRule::id,
                AnalysisPolicyChanged.PolicyRule::mode).contains(org.assertj.core.groups.Tuple.tuple("cpu-20pct-dry",
                "dry-run"));
        assertThat(changes.get(0).gate().onTimeout()).isEqualTo("fail");
    }

    @Test
    void aDraftIsReplayedOverTheTargetsStoredSamplesAndNothingIsSaved() {
        String app = "draft-shop";
        // 3 % errors: under the global 5 % rule, over a draft's 2 % rule
        Instant t0 = ItSupport.past();
        List<MetricSampleRecorded> trace = ItSupport.errors(app, "1.0.0", t0, 2, 0, 120, 0.03);
        web.post().uri("/api/v1/metrics/samples").header(IdentityCodec.HEADER, ItSupport.as("deployer"))
                .contentType(MediaType.APPLICATION_JSON).bodyValue(trace.stream().map(ItSupport::json).toList())
                .exchange().expectStatus().isAccepted();
        var draft = Map.of("rules", List.of(rule("error-rate-2pct", "errorRate", 0.02, "rollback", "enforce")));
        String range = "environment=staging&from=" + t0.minusSeconds(60) + "&to=" + t0.plusSeconds(600);
        // stored after the 202, by the consumer of rc.metric-samples
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                web.post().uri(PATH + "/replay?" + range, app).header(IdentityCodec.HEADER, ItSupport.as("viewer"))
                        .contentType(MediaType.APPLICATION_JSON).bodyValue(draft).exchange().expectStatus().isOk()
                        .expectBody()
                        .jsonPath("$.evaluated").isEqualTo(trace.size())
                        .jsonPath("$.rules[?(@ == 'error-rate-2pct')]").exists()
                        .jsonPath("$.breaches[?(@.rule == 'error-rate-2pct')].version").isEqualTo("1.0.0")
                        .jsonPath("$.breaches[?(@.rule == 'error-rate-5pct')]").doesNotExist());
        // the live engine was not told: no policy, the global rules only
        get(app, "staging").expectStatus().isOk().expectBody().jsonPath("$.policy").doesNotExist()
                .jsonPath("$.effective.rules[?(@.rule.id == 'error-rate-2pct')]").doesNotExist();
        // which samples: an environment is required; a draft is validated as a PUT
        web.post().uri(PATH + "/replay", app).header(IdentityCodec.HEADER, ItSupport.as("viewer"))
                .contentType(MediaType.APPLICATION_JSON).bodyValue(draft).exchange().expectStatus().isBadRequest()
                .expectBody().jsonPath("$.errors[0].field").isEqualTo("environment");
        web.post().uri(PATH + "/replay?environment=staging", app).header(IdentityCodec.HEADER, ItSupport.as("viewer"))
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("rules", List.of(rule("bad", "latencyP99", 1,
                        "rollback", "enforce")))).exchange().expectStatus().isBadRequest()
                .expectBody().jsonPath("$.errors[0].field").isEqualTo("rules[0].metric");
    }

    @Test
    void refusesBadPrometheusTemplatesFieldByFieldWhenThePolicyIsSaved() {
        var body = Map.of("prometheus", Map.of(
                "rps", "sum(rate(http_requests_total[1m]))",
                "requests", "sum(rate(http_requests_total{app=\"{app}\"}[1m]))",
                "errors", "sum(rate(http_errors_total{app=\"{application}\"}[1m])",
                "cpu", "",
                "custom.checkout_total", "sum(checkout_total{pod=\"{instance}\"})"));
        put("template-shop", "staging", "admin", body).expectStatus().isBadRequest().expectBody()
                .jsonPath("$.type").isEqualTo("https://releasecontrol.io/problems/validation")
                .jsonPath("$.errors.length()").isEqualTo(5)
                .jsonPath("$.errors[?(@.field=='prometheus.rps')]").exists()
                .jsonPath("$.errors[?(@.field=='prometheus.requests')].message").isEqualTo(
                        "unknown placeholder {app} at position 34 (known: {application}, {environment}, {version},"
                                + " {role}, {instance})")
                .jsonPath("$.errors[?(@.field=='prometheus.errors')].message").isEqualTo(
                        "'(' at position 3 is never closed")
                .jsonPath("$.errors[?(@.field=='prometheus.cpu')].message").isEqualTo("is empty")
                .jsonPath("$.errors[?(@.field=='prometheus.custom.checkout_total')]").exists();
        // nothing was stored
        get("template-shop", "staging").expectStatus().isOk().expectBody().jsonPath("$.policy").doesNotExist()
                .jsonPath("$.effective.prometheus").doesNotExist();
    }

    @Test
    void refusesAPolicyNamingEveryBadField() {
        var body = Map.of("rules", List.of(
                Map.of("id", "r1", "metric", "latencyP99", "threshold", 1, "severity", "warning", "action", "alert"),
                Map.of("id", "r2", "metric", "cpu", "threshold", 0.5, "severity", "warning", "action", "alert",
                        "window", "PT9223372036854775807S", "recovery", "PT9223372036854775807S"),
                Map.of("id", "nothing-to-disable", "enabled", false)),
                "gate", Map.of("minRequests", -1, "maxWait", "PT9223372036854775807S", "onTimeout", "retry"));
        put("Bad_App", null, "admin", body).expectStatus().isBadRequest().expectHeader()
                .contentType(MediaType.APPLICATION_PROBLEM_JSON).expectBody()
                .jsonPath("$.type").isEqualTo("https://releasecontrol.io/problems/validation")
                .jsonPath("$.errors.length()").isEqualTo(8)
                .jsonPath("$.errors[?(@.field=='application')]").exists()
                .jsonPath("$.errors[?(@.field=='rules[0].metric')]").exists()
                .jsonPath("$.errors[?(@.field=='rules[1].window')]").exists()
                .jsonPath("$.errors[?(@.field=='rules[1].recovery')]").exists()
                .jsonPath("$.errors[?(@.field=='rules[2].id')]").exists()
                .jsonPath("$.errors[?(@.field=='gate.minRequests')]").exists()
                .jsonPath("$.errors[?(@.field=='gate.maxWait')]").exists()
                .jsonPath("$.errors[?(@.field=='gate.onTimeout')]").exists();
        get("Bad_App", null).expectStatus().isBadRequest();
        web.get().uri("/v3/api-docs")
                .header(IdentityCodec.HEADER, ItSupport.as("viewer")).exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.paths['/api/v1/applications/{app}/analysis'].put").exists()
                .jsonPath("$.paths['/api/v1/applications/{app}/analysis'].delete").exists();
    }
}
