package io.releasecontrol.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.releasecontrol.e2e.EventLog.Event;
import io.releasecontrol.events.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Canary steps gated on evidence, through the gateway with the stack's metrics-service deciding:
 * (a) a healthy canary at ~2,000 requests/s with 1 % errors on both versions goes through every
 * weight on the gate's pass and nothing is rolled back; (b) a canary with almost no traffic waits at
 * its first weight saying what for, never advances by itself, and goes on only when an admin
 * promotes it with a reason (recorded as the step's override).
 *
 * <p>Samples carry their own times, one second of traffic per tick, ten ticks per wall-clock second,
 * starting minutes back so the trace never runs ahead of the clock.
 */
class EvidenceGateIT {

    static final Duration WAIT = Duration.ofSeconds(120);
    static LocalStack stack;
    static Api api;

    @BeforeAll
    static void start() {
        stack = LocalStack.shared();
        api = new Api(stack.gatewayUrl(), stack.adminKey());
    }

    @Test
    void aHealthyCanaryAtTwoThousandRequestsPerSecondAdvancesOnEvidenceAndIsNotRolledBack() {
        String app = "gate-healthy";
        String env = "staging";
        registerAndDeployStable(app, env);
        String id = canary(app, env, "PT1S");

        Traffic traffic = new Traffic(api, app, env, 2_000, 0.01, 0.01, 7);
        Set<Integer> weights = new TreeSet<>();
        await("the canary goes to 100 % on evidence while both versions serve 1 % errors").atMost(WAIT)
                .pollInterval(Duration.ofMillis(100)).until(() -> {
                    JsonNode d = api.get("/api/v1/deployments/" + id);
                    int weight = d.path("traffic").path("canary").asInt();
                    weights.add(weight);
                    boolean done = !"RUNNING".equals(d.path("status").asText()) && !"PENDING".equals(d.path("status").asText());
                    if (!done) {
                        traffic.tick(weight);
                    }
                    return done;
                });
        JsonNode d = api.get("/api/v1/deployments/" + id);
        assertThat(d.path("status").asText()).as("the canary's end: " + d).isEqualTo("SUCCEEDED");
        assertThat(weights).contains(5, 25, 50, 100);
        // 1 % of 2,000 requests/s is 1,200 5xx a minute: on 1.0.0, which has no baseline, the runbook's
        // "5xx > 10/min" is its "investigate" alert; nothing may ask for a rollback
        List<Event> alerts = EventLog.read(stack.kafkaBootstrap(), app + ":" + env, List.of(Topics.ALERTS));
        System.out.println("e2e: alerts of the healthy canary's target: " + alerts.stream()
                .map(e -> e.shortType() + " " + e.data().path("version").asText() + " " + e.data().path("action").asText())
                .toList());
        assertThat(alerts).as("breaches asking for a rollback").noneMatch(e -> e.data().path("action").asText()
                .equals("rollback"));
        assertThat(alerts).as("breaches of the canary").noneMatch(e -> e.data().path("version").asText().equals("1.1.0")
                && e.shortType().endsWith("breached"));
        List<String> decisions = new ArrayList<>();
        api.get("/api/v1/rollbacks?application=" + app + "&environment=" + env).path("items")
                .forEach(r -> decisions.add(r.path("branch").asText()));
        assertThat(decisions).as("rollback decisions (an alert is recorded as ALERT_ONLY)").allMatch("ALERT_ONLY"::equals);

        List<JsonNode> gates = stepVerdicts(app, env, id);
        System.out.println("e2e: step verdicts of the healthy canary: " + gates);
        assertThat(gates).extracting(g -> g.path("step").asText() + ":" + g.path("verdict").asText())
                .startsWith("analysis at 5%:pass", "analysis at 25%:pass", "analysis at 50%:pass");
        for (JsonNode g : gates.subList(0, 3)) {
            assertThat(g.path("requests").asLong()).as("requests behind " + g).isGreaterThanOrEqualTo(
                    g.path("minRequests").asLong());
            assertThat(g.path("decidedBy").asText()).isEqualTo("metrics-service");
            assertThat(g.path("baseline").asText()).isEqualTo("1.0.0");
        }
    }

    @Test
    void aCanaryWithAlmostNoTrafficWaitsForEvidenceUntilAnAdminPromotesItWithAReason() {
        String app = "gate-quiet";
        String env = "staging";
        registerAndDeployStable(app, env);
        // this application's policy: wait five seconds for evidence, then hold
        api.attempt("PUT", "/api/v1/applications/" + app + "/analysis", Map.of("gate", Map.of("maxWait", "PT5S")));
        String id = canary(app, env, "PT1S");

        // 1.1.0 gets one request in a thousand: a handful of requests, never the 200 the gate asks for
        Traffic traffic = new Traffic(api, app, env, 1_000, 0.005, 0.005, 11);
        JsonNode waiting = await("the canary waits at 5 % for evidence").atMost(WAIT).pollInterval(Duration.ofMillis(100))
                .until(() -> {
                    traffic.tick(0.1);
                    return api.get("/api/v1/deployments/" + id);
                }, x -> x.path("currentStep").asText().startsWith("analysis at 5%: waiting for evidence: ")
                        && x.path("currentStep").asText().contains(" of 200 requests"));
        System.out.println("e2e: what the quiet canary waits for: " + waiting.path("currentStep").asText());
        assertThat(waiting.path("traffic").path("canary").asInt()).isEqualTo(5);
        assertThat(waiting.path("links").has("promote")).isTrue();
        JsonNode held = await("held after the policy's five seconds").atMost(WAIT).pollInterval(Duration.ofMillis(100))
                .until(() -> {
                    traffic.tick(0.1);
                    return api.get("/api/v1/deployments/" + id);
                }, x -> "PAUSED".equals(x.path("status").asText()));
        System.out.println("e2e: the quiet canary held: " + held.path("currentStep").asText());
        assertThat(held.path("currentStep").asText()).startsWith("analysis at 5%: held, no pass within PT5S: waiting for evidence: ");
        assertThat(held.path("traffic").path("canary").asInt()).as("never advanced by itself").isEqualTo(5);

        Api.Answer noReason = api.attempt("POST", "/api/v1/deployments/" + id + "/promote", Map.of());
        assertThat(noReason.status()).as("promote past the gate without a reason: " + noReason.body()).isEqualTo(400);
        assertThat(noReason.body().path("detail").asText()).contains("reason").contains("evidence gate");

        api.post("/api/v1/deployments/" + id + "/promote", Map.of("reason", "internal tool, no traffic on Sundays"));
        await("the promoted canary succeeds").atMost(WAIT).pollInterval(Duration.ofMillis(300))
                .until(() -> api.get("/api/v1/deployments/" + id).path("status").asText(), "SUCCEEDED"::equals);
        List<JsonNode> gates = stepVerdicts(app, env, id);
        System.out.println("e2e: step verdicts of the quiet canary: " + gates);
        assertThat(gates).hasSizeGreaterThan(1);
        assertThat(gates.get(0).path("verdict").asText()).isEqualTo("held");
        assertThat(gates.get(0).path("minRequests").asLong()).isEqualTo(200);
        assertThat(gates.get(0).path("requests").asLong()).isLessThan(200);
        JsonNode override = gates.get(1);
        assertThat(override.path("step").asText()).isEqualTo("analysis at 5%");
        assertThat(override.path("verdict").asText()).isEqualTo("overridden");
        assertThat(override.path("reason").asText()).isEqualTo("internal tool, no traffic on Sundays");
        assertThat(override.path("decidedBy").asText()).isNotBlank().isNotEqualTo("metrics-service");
        assertThat(gates).noneMatch(g -> g.path("verdict").asText().equals("pass"));
    }

    @Test
    void anIncidentSharedByBaselineAndCanaryRaisesAnAlertRollsNothingBackAndHoldsTheCanary() {
        String app = "gate-shared";
        String env = "staging";
        registerAndDeployStable(app, env);
        String id = canary(app, env, "manual");
        await("the canary at 5 %").atMost(WAIT).pollInterval(Duration.ofMillis(200))
                .until(() -> api.get("/api/v1/deployments/" + id).path("traffic").path("canary").asInt() == 5);

        Traffic traffic = new Traffic(api, app, env, 2_000, 0.01, 0.01, 13);
        for (int i = 0; i < 30; i++) { // half a minute of both healthy
            traffic.tick(5);
        }
        // a dependency fails both versions alike: 12 % errors for 40 s
        Traffic incident = traffic.withErrors(0.12, 0.12);
        for (int i = 0; i < 40; i++) {
            incident.tick(5);
        }
        JsonNode during = api.get("/api/v1/deployments/" + id);
        System.out.println("e2e: the canary during the shared incident: " + during.path("currentStep").asText());

        List<Event> alerts = EventLog.read(stack.kafkaBootstrap(), app + ":" + env, List.of(Topics.ALERTS));
        System.out.println("e2e: alerts of the shared incident: " + alerts.stream().map(e -> e.shortType() + " "
                + e.data().path("version").asText() + " " + e.data().path("action").asText()).toList());
        assertThat(alerts).as("the canary's error-rate breach, as an alert")
                .anyMatch(e -> e.shortType().equals("alert.error-rate-breached")
                        && e.data().path("version").asText().equals("1.1.0")
                        && e.data().path("action").asText().equals("alert"));
        // 1.0.0, with nothing to compare it with, breaches the runbook's 5 % with its own action; the
        // orchestrator has nothing to roll back for it (its decision below is an alert too)
        assertThat(alerts).as("no breach of the canary asks for a rollback").noneMatch(e -> e.data().path("action")
                .asText().equals("rollback") && e.data().path("version").asText().equals("1.1.0"));
        List<String> decisions = new ArrayList<>();
        await("the orchestrator decided").atMost(WAIT).pollInterval(Duration.ofMillis(300)).until(() -> {
            decisions.clear();
            api.get("/api/v1/rollbacks?application=" + app + "&environment=" + env).path("items")
                    .forEach(r -> decisions.add(r.path("branch").asText()));
            return !decisions.isEmpty();
        });
        assertThat(decisions).as("rollback decisions").allMatch("ALERT_ONLY"::equals);
        JsonNode after = api.get("/api/v1/deployments/" + id);
        assertThat(after.path("traffic").path("canary").asInt()).as("the canary keeps its weight").isEqualTo(5);
        assertThat(after.path("status").asText()).isIn("RUNNING", "PAUSED");
        assertThat(after.path("currentStep").asText()).as("and does not advance during the incident")
                .matches("(analysis at 5%|wait for promotion at 5%).*");
        api.post("/api/v1/deployments/" + id + "/cancel", Map.of("reason", "e2e story done"));
    }

    @Test
    void aDryRunRuleRecordsItsWouldBeBreachAndTheCanaryContinues() {
        String app = "gate-dryrun";
        String env = "staging";
        registerAndDeployStable(app, env);
        // a stricter error-rate rule tried in dry-run; the runbook's 5xx count off for this application
        Api.Answer policy = api.attempt("PUT", "/api/v1/applications/" + app + "/analysis", Map.of("rules", List.of(
                Map.of("id", "error-rate-1pct", "metric", "errorRate", "comparator", ">", "threshold", 0.01,
                        "severity", "critical", "action", "rollback", "window", "PT1M", "minSamples", 3,
                        "minRequests", 20, "mode", "dry-run"),
                Map.of("id", "http5xx-10-per-min", "enabled", false))));
        assertThat(policy.status()).as("policy PUT: " + policy.body()).isEqualTo(200);
        String id = canary(app, env, "PT1S");

        // both versions at 2 %: over the dry-run rule's 1 %, no worse than each other
        Traffic traffic = new Traffic(api, app, env, 2_000, 0.02, 0.02, 17);
        await("the canary goes to 100 % while the dry-run rule breaches").atMost(WAIT)
                .pollInterval(Duration.ofMillis(100)).until(() -> {
                    JsonNode d = api.get("/api/v1/deployments/" + id);
                    boolean done = !"RUNNING".equals(d.path("status").asText());
                    if (!done) {
                        traffic.tick(d.path("traffic").path("canary").asInt());
                    }
                    return done;
                });
        assertThat(api.get("/api/v1/deployments/" + id).path("status").asText()).isEqualTo("SUCCEEDED");
        List<Event> alerts = EventLog.read(stack.kafkaBootstrap(), app + ":" + env, List.of(Topics.ALERTS));
        System.out.println("e2e: alerts of the dry-run story: " + alerts.stream().map(e -> e.shortType() + " "
                + e.data().path("version").asText() + " " + e.data().path("action").asText() + " "
                + e.data().path("evidence").path("rule").asText()).toList());
        assertThat(alerts).as("the dry-run rule's would-be breach, recorded with its evidence")
                .anyMatch(e -> e.shortType().equals("alert.error-rate-breached")
                        && e.data().path("action").asText().equals("dry-run")
                        && e.data().path("evidence").path("rule").asText().equals("error-rate-1pct")
                        && e.data().path("evidence").path("policy").asText().contains(app)
                        && !e.data().path("evidence").path("dryRunAction").asText().isEmpty());
        assertThat(alerts).as("no enforced breach").allMatch(e -> e.data().path("action").asText().equals("dry-run")
                || e.shortType().equals("alert.metrics-recovered"));
        assertThat(api.get("/api/v1/rollbacks?application=" + app + "&environment=" + env).path("total").asInt())
                .as("a dry run starts no saga, not even an alert-only one").isZero();
    }

    @Test
    void aPolicyWithACustomRatioRollsBackOnItsRegressionWhileTheErrorRateStaysHealthy() {
        String app = "gate-checkout";
        String env = "staging";
        registerAndDeployStable(app, env);
        // the application's own metric: failed checkouts of all checkouts, rolled back over 5 % or
        // worse than the baseline's
        Api.Answer policy = api.attempt("PUT", "/api/v1/applications/" + app + "/analysis", Map.of("rules", List.of(
                Map.of("id", "checkout-failures-5pct", "metric", "checkout_failure",
                        "ratio", Map.of("numerator", "checkout_failed", "denominator", "checkout_total"),
                        "threshold", 0.05, "severity", "critical", "action", "rollback", "window", "PT1M",
                        "minSamples", 3, "minRequests", 20))));
        assertThat(policy.status()).as("policy PUT: " + policy.body()).isEqualTo(200);
        String id = canary(app, env, "manual");
        await("the canary at 5 %").atMost(WAIT).pollInterval(Duration.ofMillis(200))
                .until(() -> api.get("/api/v1/deployments/" + id).path("traffic").path("canary").asInt() == 5);

        // both versions at 0.5 % errors throughout; a fifth of the requests are checkouts, 1 % of them
        // failing, until 1.1.0's checkouts start failing at 20 %
        Traffic traffic = new Traffic(api, app, env, 2_000, 0.005, 0.005, 19).withCheckouts(0.2, 0.01, 0.01);
        for (int i = 0; i < 20; i++) {
            traffic.tick(5);
        }
        Traffic regression = traffic.withCheckouts(0.2, 0.01, 0.20);
        JsonNode saga = await("the checkout regression is rolled back").atMost(WAIT).pollInterval(Duration.ofMillis(100))
                .until(() -> {
                    regression.tick(api.get("/api/v1/deployments/" + id).path("traffic").path("canary").asInt());
                    JsonNode items = api.get("/api/v1/rollbacks?application=" + app + "&environment=" + env).path("items");
                    return items.size() == 0 ? null : items.get(0);
                }, s -> s != null && !"ALERT_ONLY".equals(s.path("branch").asText()));
        JsonNode one = api.get("/api/v1/rollbacks/" + saga.path("id").asText());
        System.out.println("e2e: the checkout regression's rollback: " + one.path("decision").toString());
        assertThat(one.path("fromVersion").asText()).isEqualTo("1.1.0");
        assertThat(one.path("decision").path("branch").asText()).isEqualTo("PARTIAL_ROLLBACK");
        List<Event> alerts = EventLog.read(stack.kafkaBootstrap(), app + ":" + env, List.of(Topics.ALERTS));
        assertThat(alerts).as("the custom metric's breach")
                .anyMatch(e -> e.shortType().equals("alert.custom-metric-breached")
                        && e.data().path("metric").asText().equals("checkout_failure")
                        && e.data().path("version").asText().equals("1.1.0")
                        && e.data().path("action").asText().equals("rollback"));
        assertThat(alerts).as("the error rate stayed healthy").noneMatch(e -> e.shortType().equals(
                "alert.error-rate-breached"));
        await("the canary at 0 %").atMost(WAIT).pollInterval(Duration.ofMillis(200))
                .until(() -> api.get("/api/v1/deployments/" + id).path("traffic").path("canary").asInt() == 0);
    }

    // ---- helpers

    static List<JsonNode> stepVerdicts(String app, String env, String id) {
        List<Event> events = EventLog.read(stack.kafkaBootstrap(), app + ":" + env, List.of(Topics.DEPLOYMENTS));
        return events.stream().filter(e -> id.equals(e.data().path("deploymentId").asText())
                && e.shortType().equals("deployment.step-analysed")).map(Event::data).toList();
    }

    static void registerAndDeployStable(String app, String env) {
        api.post("/api/v1/applications", Map.of("name", app, "description", "e2e evidence gate story", "owner", "team-e2e"));
        for (String v : List.of("1.0.0", "1.1.0")) {
            api.post("/api/v1/applications/" + app + "/versions", Map.of("version", v, "name", "release " + v,
                    "releaseDate", "2026-11-20", "breaking", false, "changes", List.of(Map.of("type", "feature",
                            "module", "core", "title", "Changes of " + v, "priority", "medium", "impact", "minor"))));
        }
        String id = api.post("/api/v1/deployments", Map.of("application", app, "environment", env, "version", "1.0.0",
                "strategy", "rolling", "executor", "simulated")).path("id").asText();
        await("1.0.0 of " + app + " deployed").atMost(WAIT).pollInterval(Duration.ofMillis(300))
                .until(() -> api.get("/api/v1/deployments/" + id).path("status").asText(), "SUCCEEDED"::equals);
    }

    static String canary(String app, String env, String pause) {
        return api.post("/api/v1/deployments", Map.of("application", app, "environment", env, "version", "1.1.0",
                "strategy", "canary", "canary", Map.of("steps", List.of(5, 25, 50, 100), "pause", pause),
                "executor", "simulated")).path("id").asText();
    }

}
