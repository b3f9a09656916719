package io.releasecontrol.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.releasecontrol.e2e.EventLog.Event;
import io.releasecontrol.events.Topics;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The story of issue 9 through the gateway against the whole suite (the stack of {@link LocalStack},
 * shared with the other e2e classes): a canary with healthy, noisy metrics and one spike rolls
 * nothing back; a canary whose error rate goes to 12 % at its first step (5 % of the traffic) is
 * rolled back partially (canary weight → 0), watched for the observation window (seconds here),
 * and rolled back fully to 1.0.0 — with the decision's numbers, the registry's view and every
 * event read back from the topics.
 *
 * <p>Metric samples carry their own times (the rules' windows run on sample time), so each story
 * feeds a trace that starts a few minutes back and moves in 5 s steps: what the rules see does not
 * depend on how fast this machine is.
 */
class RollbackStoryIT {

    /** Another name only when running again against a stack that already has this one (-Drc.e2e.gateway). */
    static final String APP = System.getProperty("rc.e2e.storyApp", "checkout");
    static final Duration WAIT = Duration.ofSeconds(120);
    static final List<String> STORY_TOPICS = List.of(Topics.VERSIONS, Topics.DEPLOYMENTS, Topics.DEPLOY_COMMANDS,
            Topics.ALERTS, Topics.ROLLBACK_SAGAS);

    static LocalStack stack;
    static Api api;

    @BeforeAll
    static void start() {
        stack = LocalStack.shared();
        api = new Api(stack.gatewayUrl(), stack.adminKey());
        api.post("/api/v1/applications", Map.of("name", APP, "description", "Checkout of the shop", "owner", "team-pay"));
        version(APP, "1.0.0", "Card payments", List.of(change("feature", "payments", "Card payments", "high", "major"),
                change("fix", "basket", "Totals with vouchers", "medium", "minor")), "V3__payments", "payments table");
        version(APP, "1.1.0", "Wallets", List.of(change("feature", "payments", "Wallet payments", "high", "major"),
                change("improvement", "basket", "Faster totals", "low", "minor")), "V4__wallets", "wallet column on payments");
    }

    /** A version with its changes and one reversible PostgreSQL migration. */
    static void version(String app, String version, String name, List<Map<String, Object>> changes, String migration,
            String description) {
        api.post("/api/v1/applications/" + app + "/versions", Map.of("version", version, "name", name,
                "releaseDate", "2026-11-20", "breaking", false, "changes", changes, "migrations", List.of(Map.of(
                        "id", migration, "store", "postgresql", "description", description, "reversible", true))));
    }

    static Map<String, Object> change(String type, String module, String title, String priority, String impact) {
        return Map.of("type", type, "module", module, "title", title, "priority", priority, "impact", impact);
    }

    /** Story 2: 5 → 25 → 50 → 100 with pauses, both versions healthy with noise and one spike. */
    @Test
    void aHealthyCanaryWithOneSpikeRollsNothingBack() {
        String env = "development";
        deployStable(env);
        String id = deploy(APP, env, Map.of("steps", List.of(5, 25, 50, 100), "pause", "PT3S"));

        Trace trace = new Trace(env);
        // each canary weight waits for evidence: the trace starts further back to have sample time for it
        trace.clock = trace.clock.minus(Duration.ofMinutes(3));
        Set<Integer> canaryWeights = new java.util.TreeSet<>();
        await("the canary of 1.1.0 goes to 100 % while healthy samples come in").atMost(WAIT)
                .pollInterval(Duration.ofMillis(300)).until(() -> {
                    JsonNode d = api.get("/api/v1/deployments/" + id);
                    canaryWeights.add(d.path("traffic").path("canary").asInt());
                    boolean done = "SUCCEEDED".equals(d.path("status").asText());
                    if (!done && trace.ticks < 80) {
                        // tick 14: one sample of the canary with 40 % errors and 1.4 s latency
                        trace.tick(trace.ticks == 14 ? Canary.SPIKE : Canary.HEALTHY);
                    }
                    return trace.ticks >= 15 && done;
                });
        assertThat(trace.breaches).as("breaches seen in the live health").isZero();
        assertThat(canaryWeights).as("canary weights seen while it ran").contains(100).hasSizeGreaterThan(1);
        await("version-service shows 1.1.0 current in " + env).atMost(WAIT).until(() -> "1.1.0".equals(current(env)));
        assertThat(api.get(rollbacks(env)).path("total").asInt()).as("rollback decisions for " + APP + ":" + env).isZero();

        List<Event> events = EventLog.read(stack.kafkaBootstrap(), APP + ":" + env, STORY_TOPICS);
        checkDeliveryGuarantees(events);
        assertThat(events).noneMatch(e -> e.topic().equals(Topics.ALERTS)).noneMatch(e -> e.topic().equals(Topics.ROLLBACK_SAGAS));
        assertInOrder(onTopic(events, Topics.DEPLOYMENTS, id), "deployment.requested", "deployment.started",
                "deployment.traffic-shifted", "deployment.traffic-shifted", "deployment.traffic-shifted",
                "deployment.traffic-shifted", "deployment.succeeded");
        assertThat(onTopic(events, Topics.DEPLOYMENTS, id).stream().filter(e -> e.shortType().equals("deployment.traffic-shifted"))
                .map(e -> e.data().path("newPercent").asInt()).toList()).containsExactly(5, 25, 50, 100);
        // every weight below 100 % advanced on the gate's pass, with its evidence
        List<JsonNode> gates = onTopic(events, Topics.DEPLOYMENTS, id).stream()
                .filter(e -> e.shortType().equals("deployment.step-analysed")).map(Event::data).toList();
        assertThat(gates).extracting(g -> g.path("step").asText() + ":" + g.path("verdict").asText())
                .startsWith("analysis at 5%:pass", "analysis at 25%:pass", "analysis at 50%:pass");
        assertThat(gates.get(0).path("requests").asLong()).isGreaterThanOrEqualTo(200);
    }

    /** Story 3: 12 % errors at 5 % of the traffic → partial rollback, observation, no recovery → full rollback. */
    @Test
    void aBreachingCanaryIsRolledBackPartiallyThenFully() {
        String env = "staging";
        String stableId = deployStable(env);
        String canaryId = canaryAtFivePercent(APP, env);

        Trace trace = new Trace(env);
        for (int i = 0; i < 12; i++) {
            trace.tick(Canary.HEALTHY); // a minute of both versions healthy: the canary judge's baseline
        }
        assertThat(trace.breaches).isZero();
        int bad = 0;
        while (trace.breaches == 0 && bad < 24) {
            trace.tick(Canary.ERRORS_12_PERCENT);
            bad++;
        }
        assertThat(trace.breaches).as("a breach after " + bad + " samples of 1.1.0 at 12 % errors").isPositive();

        JsonNode saga = await("the rollback saga of " + APP + ":" + env + " completes").atMost(WAIT)
                .pollInterval(Duration.ofMillis(500)).until(() -> {
                    JsonNode items = api.get(rollbacks(env)).path("items");
                    return items.size() == 0 ? null : items.get(0);
                }, s -> s != null && "COMPLETED".equals(s.path("status").asText()));
        JsonNode one = api.get("/api/v1/rollbacks/" + saga.path("id").asText());
        System.out.println("e2e: the rollback as the API explains it: " + one.toPrettyString());
        assertThat(api.get(rollbacks(env)).path("total").asInt()).as("one saga for the target").isEqualTo(1);
        JsonNode decision = one.path("decision");
        assertThat(one.path("cause").asText()).isEqualTo("breach");
        assertThat(one.path("fromVersion").asText()).isEqualTo("1.1.0");
        assertThat(one.path("targetVersion").asText()).isEqualTo("1.0.0");
        assertThat(decision.path("branch").asText()).isEqualTo("PARTIAL_ROLLBACK");
        // decided partial, not recovered: the saga says it escalated to the full rollback
        assertThat(one.path("branch").asText()).as("the branch it ended in").isEqualTo("FULL_ROLLBACK");
        assertThat(one.path("branches").toString()).isEqualTo("[\"PARTIAL_ROLLBACK\",\"FULL_ROLLBACK\"]");
        assertThat(decision.path("impactPercent").asDouble()).as("1.1.0's share of the requests").isBetween(4.0, 6.0);
        assertThat(decision.path("rule").asText()).isEqualTo("error-rate-5pct");
        assertThat(decision.path("metric").asText()).isEqualTo("errorRate");
        assertThat(decision.path("threshold").asDouble()).isEqualTo(0.05);
        // decided by the sequential tests: shown worse than the baseline (or over 5 %) on the counts,
        // typically before the 1-minute window's value has crossed 5 %
        assertThat(decision.path("observed").asDouble()).as("1.1.0's error rate in the window").isGreaterThan(0.005);
        assertThat(decision.path("statistic").asText()).containsPattern("sequential-vs-(baseline|threshold)")
                .contains("log-likelihood ratio");
        assertThat(decision.path("window").asText()).isEqualTo("PT1M");
        assertThat(decision.path("samples").asInt()).isGreaterThanOrEqualTo(3);
        assertThat(text(decision.path("reasons"))).contains("partial rollback").contains("1.0.0");
        List<String> steps = new ArrayList<>();
        one.path("steps").forEach(s -> steps.add(s.path("name").asText() + ":" + s.path("status").asText()));
        assertThat(steps).as("the saga's steps").startsWith("partial-rollback:SUCCEEDED", "observe:SUCCEEDED")
                .contains("full-rollback:SUCCEEDED");
        assertThat(one.path("outcome").asText()).contains("1.1.0").contains("1.0.0");

        // the registry: 1.0.0 current again, 1.1.0 rolled back in the upgrade log
        await("version-service shows 1.0.0 current in " + env).atMost(WAIT).until(() -> "1.0.0".equals(current(env)));
        JsonNode canary = api.get("/api/v1/deployments/" + canaryId);
        assertThat(canary.path("status").asText()).isEqualTo("CANCELLED");
        String rollbackId = one.path("rollbackDeploymentId").asText();
        JsonNode rollback = api.get("/api/v1/deployments/" + rollbackId);
        assertThat(rollback.path("status").asText()).isEqualTo("SUCCEEDED");
        assertThat(rollback.path("version").asText()).isEqualTo("1.0.0");
        assertThat(rollback.path("rollbackOf").asText()).isEqualTo(canaryId);
        JsonNode upgrades = await("the upgrade log records the rollback").atMost(WAIT).until(
                () -> api.get("/api/v1/applications/" + APP + "/upgrades?environment=" + env + "&size=50").path("items"),
                items -> items.size() > 0 && canaryId.equals(items.get(0).path("rollbackOf").asText()));
        assertThat(upgrades.get(0).path("kind").asText()).isEqualTo("rollback");
        assertThat(statuses(upgrades)).startsWith("1.0.0:success");
        // the canary never finished (cancelled by the saga), yet it is logged rolled_back and marked bad
        assertThat(statuses(upgrades)).contains("1.1.0:rolled_back");
        assertThat(api.get("/api/v1/applications/" + APP + "/environments/" + env).path("badVersions").toString())
                .contains("\"1.1.0\"");

        // the topics: every event of the story, once, in order per target
        List<Event> events = EventLog.read(stack.kafkaBootstrap(), APP + ":" + env, STORY_TOPICS);
        checkDeliveryGuarantees(events);
        String sagaId = one.path("id").asText();
        assertInOrder(onTopic(events, Topics.DEPLOYMENTS, stableId), "deployment.requested", "deployment.started",
                "deployment.succeeded");
        assertInOrder(onTopic(events, Topics.DEPLOYMENTS, canaryId), "deployment.requested", "deployment.started",
                "deployment.traffic-shifted", "deployment.traffic-shifted", "deployment.cancelled");
        assertThat(onTopic(events, Topics.DEPLOYMENTS, canaryId).stream()
                .filter(e -> e.shortType().equals("deployment.traffic-shifted"))
                .map(e -> e.data().path("newPercent").asInt()).toList()).as("the canary's weights").containsExactly(5, 0);
        assertInOrder(onTopic(events, Topics.DEPLOYMENTS, rollbackId), "deployment.requested", "deployment.started",
                "deployment.succeeded");
        assertInOrder(events.stream().filter(e -> e.topic().equals(Topics.DEPLOY_COMMANDS)).toList(),
                "command.shift-traffic", "command.cancel-deployment", "command.start-deployment");
        assertThat(events.stream().filter(e -> e.topic().equals(Topics.DEPLOY_COMMANDS)).map(Event::id).toList())
                .allMatch(cmd -> cmd.startsWith(sagaId + ":"));
        List<Event> alerts = events.stream().filter(e -> e.topic().equals(Topics.ALERTS)).toList();
        assertThat(alerts).extracting(Event::shortType).containsExactly("alert.error-rate-breached");
        assertThat(alerts.get(0).data().path("version").asText()).isEqualTo("1.1.0");
        List<Event> sagaEvents = events.stream().filter(e -> e.topic().equals(Topics.ROLLBACK_SAGAS)).toList();
        assertThat(sagaEvents).allMatch(e -> e.data().path("sagaId").asText().equals(sagaId));
        assertThat(sagaEvents.get(0).shortType()).isEqualTo("rollback.saga-started");
        assertThat(sagaEvents.get(sagaEvents.size() - 1).shortType()).isEqualTo("rollback.completed");
        // the canary never became current, so the only current version of the target was and is 1.0.0
        List<String> currents = events.stream().filter(e -> e.shortType().equals("version.current-changed"))
                .map(e -> e.data().path("version").asText() + ":" + e.data().path("status").asText()).toList();
        assertThat(currents).as("CurrentVersionChanged of the target").containsExactly("1.0.0:success");
    }

    /**
     * Story 3, the other ending: the canary's metrics recover during the observation window → the
     * rollback is expanded (the canary is cancelled, 1.0.0 keeps all traffic) instead of a full one.
     */
    @Test
    void aCanaryThatRecoversDuringObservationIsExpandedNotFullyRolledBack() {
        String app = APP + "-cart";
        String env = "staging";
        register(app, "1.0.0", "1.1.0");
        deployAndWait(app, env, "1.0.0", "rolling");
        String canaryId = canaryAtFivePercent(app, env);

        Trace trace = new Trace(app, env, "1.0.0");
        for (int i = 0; i < 12; i++) {
            trace.tick(Canary.HEALTHY);
        }
        for (int bad = 0; trace.breaches == 0 && bad < 24; bad++) {
            trace.tick(Canary.ERRORS_12_PERCENT);
        }
        assertThat(trace.breaches).as("a breach of 1.1.0").isPositive();
        // a recovery counts only while the saga observes: healthy samples from then on
        awaitSaga(app, env, "the partial rollback observes", s -> "OBSERVING".equals(s.path("status").asText()));
        for (int healthy = 0; trace.recoveries == 0 && healthy < 30; healthy++) {
            trace.tick(Canary.HEALTHY);
        }
        assertThat(trace.recoveries).as("1.1.0 recovered in the live health").isPositive();

        JsonNode saga = awaitSaga(app, env, "the saga completes after the recovery",
                s -> "COMPLETED".equals(s.path("status").asText()));
        List<String> steps = new ArrayList<>();
        saga.path("steps").forEach(s -> steps.add(s.path("name").asText() + ":" + s.path("status").asText()));
        assertThat(steps).as("steps of " + saga.path("id").asText()).containsSubsequence("partial-rollback:SUCCEEDED",
                "observe:SUCCEEDED", "expand-rollback:SUCCEEDED").noneMatch(st -> st.startsWith("full-rollback"));
        assertThat(saga.path("outcome").asText()).contains("recovered");
        assertThat(saga.path("rollbackDeploymentId").isNull() || saga.path("rollbackDeploymentId").isMissingNode())
                .as("no rollback deployment: " + saga.path("rollbackDeploymentId")).isTrue();
        await("the canary ends").atMost(WAIT).until(() -> api.get("/api/v1/deployments/" + canaryId).path("status").asText(),
                "CANCELLED"::equals);
        assertThat(current(app, env)).isEqualTo("1.0.0");

        List<Event> events = EventLog.read(stack.kafkaBootstrap(), app + ":" + env, STORY_TOPICS);
        checkDeliveryGuarantees(events);
        String sagaId = saga.path("id").asText();
        assertThat(events.stream().filter(e -> e.topic().equals(Topics.DEPLOY_COMMANDS)).map(Event::id).toList())
                .containsExactly(sagaId + ":partial-rollback", sagaId + ":expand-rollback");
        assertThat(events.stream().filter(e -> e.topic().equals(Topics.ALERTS)).map(Event::shortType).toList())
                .containsExactly("alert.error-rate-breached", "alert.metrics-recovered");
    }

    /**
     * Story 4: data corruption reported → the application in maintenance mode → a deployment is
     * refused (423) → an admin confirms the repair → maintenance off, deployments go again.
     */
    @Test
    void dataCorruptionPutsTheApplicationInMaintenanceUntilTheRepairIsConfirmed() {
        String app = APP + "-ledger";
        String env = "staging";
        register(app, "1.0.0");
        deployAndWait(app, env, "1.0.0", "rolling");
        String maintenance = "/api/v1/environments/" + env + "/maintenance?application=" + app;
        assertThat(api.get(maintenance).path("effective").asBoolean()).isFalse();

        JsonNode report = api.post("/api/v1/metrics/corruption-reports", Map.of("application", app, "environment", env,
                "version", "1.0.0", "description", "ledger entries written without an account"));
        assertThat(report.path("eventIds")).hasSize(1);
        JsonNode saga = awaitSaga(app, env, "the corruption saga waits for the repair",
                s -> "await-repair".equals(s.path("step").asText()));
        assertThat(saga.path("status").asText()).isEqualTo("WAITING_APPROVAL");
        assertThat(saga.path("cause").asText()).isEqualTo("corruption");
        assertThat(saga.path("decision").path("branch").asText()).isEqualTo("MAINTENANCE");
        assertThat(text(saga.path("decision").path("reasons"))).contains("ledger entries written without an account");
        await("maintenance on for " + app).atMost(WAIT).until(() -> api.get(maintenance).path("effective").asBoolean());

        Api.Answer refused = api.attempt("POST", "/api/v1/deployments", Map.of("application", app, "environment", env,
                "version", "1.0.0", "strategy", "rolling", "executor", "simulated"));
        assertThat(refused.status()).as("a deployment during maintenance: " + refused.body()).isEqualTo(423);
        assertThat(refused.body().path("type").asText()).endsWith("/maintenance-mode");

        String sagaId = saga.path("id").asText();
        api.post("/api/v1/rollbacks/" + sagaId + "/confirm-repair", Map.of());
        JsonNode done = awaitSaga(app, env, "the corruption saga completes", s -> "COMPLETED".equals(s.path("status").asText()));
        List<String> steps = new ArrayList<>();
        done.path("steps").forEach(s -> steps.add(s.path("name").asText() + ":" + s.path("status").asText()));
        assertThat(steps).containsSubsequence("maintenance-on:SUCCEEDED", "await-repair:SUCCEEDED", "maintenance-off:SUCCEEDED");
        await("maintenance off for " + app).atMost(WAIT).until(() -> !api.get(maintenance).path("effective").asBoolean());
        deployAndWait(app, env, "1.0.0", "rolling");

        List<Event> events = EventLog.read(stack.kafkaBootstrap(), app + ":" + env, STORY_TOPICS);
        checkDeliveryGuarantees(events);
        assertThat(events.stream().filter(e -> e.topic().equals(Topics.ALERTS)).map(Event::shortType).toList())
                .containsExactly("alert.data-corruption-reported");
        assertInOrder(events.stream().filter(e -> e.topic().equals(Topics.DEPLOY_COMMANDS)).toList(),
                "command.set-maintenance-mode", "command.set-maintenance-mode");
        List<Event> switches = events.stream().filter(e -> e.shortType().equals("deployment.maintenance-changed")).toList();
        assertThat(switches).extracting(e -> e.data().path("enabled").asBoolean()).containsExactly(true, false);
        List<Event> sagaEvents = events.stream().filter(e -> e.topic().equals(Topics.ROLLBACK_SAGAS)).toList();
        assertThat(sagaEvents.get(0).shortType()).isEqualTo("rollback.saga-started");
        assertThat(sagaEvents.get(sagaEvents.size() - 1).shortType()).isEqualTo("rollback.completed");
    }

    /** Story 5: a blue-green deployment at 100 % that breaches is switched back at once (impact 100 %). */
    @Test
    void aBreachingBlueGreenDeploymentIsSwitchedBack() {
        String app = APP + "-search";
        String env = "staging";
        register(app, "1.0.0", "1.1.0");
        deployAndWait(app, env, "1.0.0", "rolling");
        String greenId = deployAndWait(app, env, "1.1.0", "blue-green");

        breachAtFullTraffic(app, env);

        JsonNode saga = awaitSaga(app, env, "the blue-green rollback completes", s -> "COMPLETED".equals(s.path("status").asText()));
        System.out.println("e2e: the blue-green rollback: " + saga.toPrettyString());
        JsonNode decision = saga.path("decision");
        assertThat(decision.path("branch").asText()).isEqualTo("FULL_ROLLBACK");
        assertThat(decision.path("impactPercent").asDouble()).isEqualTo(100.0);
        assertThat(text(decision.path("reasons"))).contains("full rollback");
        assertThat(saga.path("targetVersion").asText()).isEqualTo("1.0.0");
        List<Event> events = rolledBackToOneZero(app, env);
        System.out.println("e2e: blue-green story events: " + events.stream().filter(e -> !e.topic().equals(Topics.VERSIONS))
                .map(Event::toString).collect(Collectors.joining("\n  ", "\n  ", "")));
        assertInOrder(onTopic(events, Topics.DEPLOYMENTS, greenId), "deployment.requested", "deployment.started",
                "deployment.traffic-shifted", "deployment.succeeded");
        // immediate: no partial step, no observation
        List<String> steps = new ArrayList<>();
        saga.path("steps").forEach(s -> steps.add(s.path("name").asText() + ":" + s.path("status").asText()));
        assertThat(steps).containsExactly("switch-back:SUCCEEDED");
        // switched back: one ShiftTraffic to 0 % on the finished blue-green deployment, no new deployment
        String sagaId = saga.path("id").asText();
        List<Event> commands = events.stream().filter(e -> e.topic().equals(Topics.DEPLOY_COMMANDS)).toList();
        assertThat(commands).extracting(Event::id).containsExactly(sagaId + ":switch-back");
        assertThat(commands.get(0).shortType()).isEqualTo("command.shift-traffic");
        assertThat(commands.get(0).data().path("deploymentId").asText()).isEqualTo(greenId);
        assertThat(commands.get(0).data().path("newPercent").asInt()).isZero();
        assertThat(decision.path("switchBack").asBoolean()).as("decision.switchBack").isTrue();
        assertThat(text(decision.path("reasons"))).contains("full rollback by switching traffic back to it");
        assertThat(saga.path("outcome").asText()).contains("by switching traffic back to the old colour");
        assertThat(saga.path("rollbackDeploymentId").isNull() || saga.path("rollbackDeploymentId").isMissingNode())
                .as("no rollback deployment: " + saga.path("rollbackDeploymentId")).isTrue();
        assertThat(api.get("/api/v1/deployments?application=" + app + "&environment=" + env).path("total").asInt())
                .as("deployments of " + app + " in " + env + ": 1.0.0 and 1.1.0 only").isEqualTo(2);
        JsonNode green = api.get("/api/v1/deployments/" + greenId);
        assertThat(green.path("status").asText()).isEqualTo("SUCCEEDED");
        assertThat(green.path("currentStep").asText()).startsWith("switched back to");
        List<Integer> weights = new ArrayList<>();
        green.path("traffic").forEach(w -> weights.add(w.asInt()));
        assertThat(weights).as("traffic of the blue-green deployment: " + green.path("traffic"))
                .containsExactlyInAnyOrder(100, 0);
        // the old colour takes the traffic back after the success, as the topic shows
        List<Event> onGreen = onTopic(events, Topics.DEPLOYMENTS, greenId);
        assertInOrder(onGreen, "deployment.succeeded", "deployment.traffic-shifted");
        Event back = onGreen.get(onGreen.size() - 1);
        assertThat(back.shortType()).isEqualTo("deployment.traffic-shifted");
        assertThat(back.data().path("newPercent").asInt()).isZero();
        assertThat(back.data().path("stableVersion").asText()).isEqualTo("1.0.0");
        assertInOrder(events.stream().filter(e -> e.topic().equals(Topics.ROLLBACK_SAGAS)).toList(),
                "rollback.saga-started", "rollback.step-completed", "rollback.completed");
        List<Event> current = events.stream().filter(e -> e.shortType().equals("version.current-changed")).toList();
        assertThat(current.get(current.size() - 1).data().path("version").asText()).isEqualTo("1.0.0");
        assertThat(current.get(current.size() - 1).data().path("status").asText()).isEqualTo("rolled_back");
        JsonNode upgrades = api.get("/api/v1/applications/" + app + "/upgrades?environment=" + env).path("items");
        assertThat(upgrades.get(0).path("kind").asText()).isEqualTo("rollback");
        assertThat(upgrades.get(0).path("rollbackOf").asText()).isEqualTo(greenId);
    }

    /**
     * Story 6: a rollback across an irreversible migration waits for an admin's approval (the reason
     * shown by the API), nothing is sent before it, and it completes after {@code approve}.
     */
    @Test
    void aRollbackAcrossAnIrreversibleMigrationWaitsForApprovalAndCompletesAfterApprove() {
        String app = APP + "-billing";
        String env = "staging";
        register(app, "1.0.0");
        api.post("/api/v1/applications/" + app + "/versions", Map.of("version", "1.1.0", "name", "Split invoices",
                "releaseDate", "2026-11-20", "breaking", false, "changes", List.of(change("feature", "invoices",
                        "Split invoices", "high", "major")), "migrations", List.of(Map.of("id", "V11__split_invoices",
                        "store", "postgresql", "description", "drops the merged invoice column", "reversible", false))));
        deployAndWait(app, env, "1.0.0", "rolling");
        String badId = deployAndWait(app, env, "1.1.0", "rolling");

        breachAtFullTraffic(app, env);

        JsonNode waiting = awaitSaga(app, env, "the rollback waits for approval",
                s -> "WAITING_APPROVAL".equals(s.path("status").asText()));
        String sagaId = waiting.path("id").asText();
        JsonNode one = api.get("/api/v1/rollbacks/" + sagaId);
        System.out.println("e2e: the rollback waiting for approval: " + one.toPrettyString());
        assertThat(one.path("step").asText()).isEqualTo("await-approval");
        assertThat(one.path("decision").path("branch").asText()).isEqualTo("WAIT_APPROVAL");
        assertThat(one.path("decision").path("onApproval").asText()).isEqualTo("FULL_ROLLBACK");
        assertThat(one.path("targetVersion").asText()).isEqualTo("1.0.0");
        assertThat(text(one.path("decision").path("reasons")))
                .contains("1.1.0 ran irreversible migration V11__split_invoices").contains("going back to 1.0.0 cannot undo it");
        assertThat(EventLog.read(stack.kafkaBootstrap(), app + ":" + env, List.of(Topics.DEPLOY_COMMANDS)))
                .as("commands before the approval").isEmpty();
        assertThat(current(app, env)).isEqualTo("1.1.0");

        // an admin approves through the gateway (DESIGN §10: POST /api/v1/rollbacks/{id}/approve)
        JsonNode approved = api.post("/api/v1/rollbacks/" + sagaId + "/approve", Map.of());
        assertThat(approved.path("status").asText()).isEqualTo("RUNNING");
        JsonNode done = awaitSaga(app, env, "the approved rollback completes",
                s -> "COMPLETED".equals(s.path("status").asText()));
        List<String> steps = new ArrayList<>();
        done.path("steps").forEach(s -> steps.add(s.path("name").asText() + ":" + s.path("status").asText()));
        assertThat(steps).containsExactly("await-approval:SUCCEEDED", "full-rollback:SUCCEEDED");
        assertThat(done.path("operator").asText()).as("who approved").isNotBlank().isNotEqualTo("rule error-rate-5pct");
        assertThat(done.path("outcome").asText()).isEqualTo("rolled back from 1.1.0 to 1.0.0");
        List<Event> events = rolledBackToOneZero(app, env);
        assertThat(events.stream().filter(e -> e.topic().equals(Topics.DEPLOY_COMMANDS)).map(Event::id).toList())
                .containsExactly(sagaId + ":full-rollback");
        assertInOrder(events.stream().filter(e -> e.topic().equals(Topics.ROLLBACK_SAGAS)).toList(),
                "rollback.saga-started", "rollback.approval-required", "rollback.step-completed",
                "rollback.step-completed", "rollback.completed");
        String rollbackId = done.path("rollbackDeploymentId").asText();
        assertThat(api.get("/api/v1/deployments/" + rollbackId).path("rollbackOf").asText()).isEqualTo(badId);
    }

    // ---- the stack through the gateway

    /** 1.0.0 rolling to the environment, succeeded and current; returns the deployment id. */
    static String deployStable(String env) {
        return deployAndWait(APP, env, "1.0.0", "rolling");
    }

    /** A deployment through the gateway, awaited until it succeeded and its version is current. */
    static String deployAndWait(String app, String env, String version, String strategy) {
        String id = api.post("/api/v1/deployments", Map.of("application", app, "environment", env, "version", version,
                "strategy", strategy, "executor", "simulated")).path("id").asText();
        await(version + " of " + app + " deployed to " + env).atMost(WAIT).pollInterval(Duration.ofMillis(300))
                .until(() -> api.get("/api/v1/deployments/" + id).path("status").asText(), "SUCCEEDED"::equals);
        await("version-service shows " + version + " of " + app + " current in " + env).atMost(WAIT)
                .until(() -> version.equals(current(app, env)));
        return id;
    }

    static void register(String app, String... versions) {
        api.post("/api/v1/applications", Map.of("name", app, "description", "e2e story application", "owner", "team-e2e"));
        for (String v : versions) {
            version(app, v, "release " + v, List.of(change("feature", "core", "Changes of " + v, "medium", "minor")),
                    "V" + v.replace(".", "_") + "__core", "schema of " + v);
        }
    }

    /**
     * Waits until version-service shows 1.0.0 current and 1.1.0 rolled_back in the upgrade log;
     * returns the target's events, checked for duplicates and partitions.
     */
    static List<Event> rolledBackToOneZero(String app, String env) {
        await("version-service shows 1.0.0 current again").atMost(WAIT).until(() -> "1.0.0".equals(current(app, env)));
        await("the upgrade log shows 1.1.0 rolled back").atMost(WAIT).until(
                () -> statuses(api.get("/api/v1/applications/" + app + "/upgrades?environment=" + env).path("items")),
                st -> st.contains("1.1.0:rolled_back"));
        List<Event> events = EventLog.read(stack.kafkaBootstrap(), app + ":" + env, STORY_TOPICS);
        checkDeliveryGuarantees(events);
        return events;
    }

    /** All traffic on 1.1.0: a minute healthy, then 12 % errors until the live health shows a breach. */
    static void breachAtFullTraffic(String app, String env) {
        Trace trace = new Trace(app, env, "1.1.0");
        for (int i = 0; i < 12; i++) {
            trace.tickStable(0.005);
        }
        int bad = 0;
        while (trace.breaches == 0 && bad < 24) {
            trace.tickStable(0.12);
            bad++;
        }
        assertThat(trace.breaches).as("a breach after " + bad + " samples of 1.1.0 at 12 % errors").isPositive();
    }

    /** The target's only saga once it reached a status matching the predicate. */
    static JsonNode awaitSaga(String app, String env, String what, java.util.function.Predicate<JsonNode> until) {
        return await(what).atMost(WAIT).pollInterval(Duration.ofMillis(500)).until(() -> {
            JsonNode items = api.get("/api/v1/rollbacks?application=" + app + "&environment=" + env).path("items");
            return items.size() == 0 ? null : items.get(0);
        }, s -> s != null && until.test(s));
    }

    static String deploy(String app, String env, Map<String, Object> canary) {
        return api.post("/api/v1/deployments", Map.of("application", app, "environment", env, "version", "1.1.0",
                "strategy", "canary", "canary", canary, "executor", "simulated",
                "options", Map.of("description", "e2e story: canary of 1.1.0"))).path("id").asText();
    }

    /** A canary of 1.1.0 that stays at 5 %: without a pause each step waits for a promotion. */
    static String canaryAtFivePercent(String app, String env) {
        String id = deploy(app, env, Map.of("steps", List.of(5, 25, 50, 100)));
        await("the canary at 5 %").atMost(WAIT).pollInterval(Duration.ofMillis(300)).until(() ->
                api.get("/api/v1/deployments/" + id).path("traffic").path("canary").asInt() == 5);
        return id;
    }

    static String current(String env) {
        return current(APP, env);
    }

    static String current(String app, String env) {
        return api.get("/api/v1/applications/" + app + "/environments/" + env).path("currentVersion").asText();
    }

    static String rollbacks(String env) {
        return "/api/v1/rollbacks?application=" + APP + "&environment=" + env;
    }

    static List<String> statuses(JsonNode upgrades) {
        List<String> out = new ArrayList<>();
        upgrades.forEach(u -> out.add(u.path("version").asText() + ":" + u.path("status").asText()));
        return out;
    }

    static String text(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return String.join("\n", out);
    }

    // ---- the topics

    /** Each event once (by CloudEvents id), and everything about the target on one partition per topic. */
    static void checkDeliveryGuarantees(List<Event> events) {
        assertThat(events).as("events of the target on the topics").isNotEmpty();
        Set<String> seen = new HashSet<>();
        List<Event> duplicates = events.stream().filter(e -> !seen.add(e.topic() + "|" + e.id())).toList();
        assertThat(duplicates).as("events delivered twice").isEmpty();
        Map<String, Set<Integer>> partitions = events.stream().collect(Collectors.groupingBy(Event::topic,
                LinkedHashMap::new, Collectors.mapping(Event::partition, Collectors.toSet())));
        assertThat(partitions).allSatisfy((topic, p) -> assertThat(p).as("partitions of the target on " + topic).hasSize(1));
    }

    static List<Event> onTopic(List<Event> events, String topic, String deploymentId) {
        return events.stream().filter(e -> e.topic().equals(topic)
                && deploymentId.equals(e.data().path("deploymentId").asText())).toList();
    }

    /** The events contain these types in this order (others may come in between). */
    static void assertInOrder(List<Event> events, String... types) {
        List<String> seen = events.stream().map(Event::shortType).toList();
        int at = 0;
        for (String type : types) {
            int found = -1;
            for (int i = at; i < seen.size(); i++) {
                if (seen.get(i).equals(type)) {
                    found = i;
                    break;
                }
            }
            assertThat(found).as("%s in order %s within %s", type, List.of(types), seen).isNotNegative();
            at = found + 1;
        }
        for (int i = 1; i < events.size(); i++) {
            assertThat(events.get(i).offset()).as("offsets in order").isGreaterThan(events.get(i - 1).offset());
        }
    }

    // ---- metric samples

    enum Canary {
        HEALTHY, SPIKE, ERRORS_12_PERCENT
    }

    /**
     * A metrics trace of the target: 1.0.0 on two instances with ~950 requests per 5 s each, 1.1.0
     * on one with ~100 (so 5 % of the requests), error rates around 0.5 % with deterministic noise.
     * Sample times start three minutes back and move 5 s per tick.
     */
    static final class Trace {
        final String app;
        final String env;
        final String stable;
        Instant clock = Instant.now().truncatedTo(ChronoUnit.SECONDS).minus(Duration.ofMinutes(3));
        int ticks;
        /** breaches and recoveries seen in the target's live health (GET /api/v1/metrics/health) after a tick */
        int breaches;
        int recoveries;
        private boolean breached;

        Trace(String env) {
            this(APP, env, "1.0.0");
        }

        /** stable: the version on the two big instances (the only one when no canary ticks). */
        Trace(String app, String env, String stable) {
            this.app = app;
            this.env = env;
            this.stable = stable;
        }

        /** Only the stable instances, at this error rate (0.5 % with noise when healthy). */
        void tickStable(double errorRate) {
            post(stableSamples(errorRate));
        }

        private List<Map<String, Object>> stableSamples(double errorRate) {
            List<Map<String, Object>> batch = new ArrayList<>();
            int n = ticks;
            for (int i = 0; i < 2; i++) {
                int requests = 950 + wobble(n + 3 * i, 30);
                double rate = errorRate + wobble(n + 5 * i, 2) / 1000.0; // ± 0.2 %
                batch.add(sample(stable, "stable-" + (i + 1), requests, (int) Math.round(requests * rate),
                        (n + i) % 6 == 0 ? 1 : 0, 180 + wobble(n + i, 25), 0.35 + wobble(n + i, 5) / 100.0));
            }
            return batch;
        }

        void tick(Canary canary) {
            List<Map<String, Object>> batch = stableSamples(0.005);
            int n = ticks;
            if (n > 0) { // one tick later: 1.0.0 is the baseline the canary is judged against
                int requests = 100 + wobble(n, 5);
                Map<String, Object> s = switch (canary) {
                    case HEALTHY -> sample("1.1.0", "canary-1", requests, n % 4 == 1 ? 1 : 0, 0,
                            175 + wobble(n + 2, 25), 0.33 + wobble(n, 5) / 100.0);
                    case SPIKE -> sample("1.1.0", "canary-1", requests, (int) Math.round(requests * 0.4), 3, 1400, 0.5);
                    case ERRORS_12_PERCENT -> sample("1.1.0", "canary-1", requests, (int) Math.round(requests * 0.12),
                            0, 190 + wobble(n, 25), 0.36);
                };
                batch.add(s);
            }
            post(batch);
        }

        private void post(List<Map<String, Object>> batch) {
            JsonNode answer = api.post("/api/v1/metrics/samples", batch);
            assertThat(answer.path("accepted").asInt()).as("samples accepted: " + answer).isEqualTo(batch.size());
            clock = clock.plusSeconds(5);
            ticks++;
            // the 202 says the samples are on rc.metric-samples; the verdict shows in the live health
            // once metrics-service's consumer evaluated them (a tick later at worst)
            boolean now = breachedNow();
            if (now && !breached) {
                breaches++;
            } else if (!now && breached) {
                recoveries++;
            }
            breached = now;
        }

        private boolean breachedNow() {
            Api.Answer health = api.attempt("GET", "/api/v1/metrics/health?application=" + app + "&environment=" + env,
                    null);
            if (health.status() == 404) {
                return false; // nothing evaluated yet
            }
            assertThat(health.status()).as("metrics health: " + health.body()).isEqualTo(200);
            for (JsonNode v : health.body().path("versions")) {
                if ("breached".equals(v.path("status").asText())) {
                    return true;
                }
            }
            return false;
        }

        private Map<String, Object> sample(String version, String instance, int requests, int errors, int http5xx,
                double latency, double cpu) {
            Map<String, Object> s = new LinkedHashMap<>();
            s.put("application", app);
            s.put("environment", env);
            s.put("version", version);
            s.put("instance", instance);
            s.put("time", clock.toString());
            s.put("requests", requests);
            s.put("errors", errors);
            s.put("http5xx", http5xx);
            s.put("latencyP95Ms", latency);
            s.put("cpu", cpu);
            s.put("memory", 0.55);
            s.put("activeUsers", requests / 3);
            return s;
        }

        /** Deterministic noise in -amplitude..amplitude, different for neighbouring n. */
        private static int wobble(int n, int amplitude) {
            int[] pattern = {0, 3, -2, 5, -4, 1, -5, 2, 4, -1, -3};
            return pattern[Math.floorMod(n, pattern.length)] * amplitude / 5;
        }
    }
}
