package io.releasecontrol.orchestrator.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.releasecontrol.events.DeploymentId;
import io.releasecontrol.events.SagaId;
import io.releasecontrol.events.Strategy;
import io.releasecontrol.events.Topics;
import io.releasecontrol.events.alert.ErrorRateBreached;
import io.releasecontrol.events.command.CancelDeployment;
import io.releasecontrol.events.command.SetMaintenanceMode;
import io.releasecontrol.events.command.ShiftTraffic;
import io.releasecontrol.events.command.StartDeployment;
import io.releasecontrol.events.saga.RollbackCompleted;
import io.releasecontrol.runtime.testsupport.KafkaProbe;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Every branch of the runbook end to end: a breach or report on the real broker, the orchestrator's
 * commands on rc.deploy-commands, the test playing deploy-service, and RollbackCompleted.
 */
class RollbackSagaIT extends OrchestratorIT {

    /**
     * 1.0.0 deployed, then 2.0.0 with {@code strategy}, both succeeded; version-service answers 1.0.0
     * as the rollback target. Returns 2.0.0's deployment.
     */
    private DeploymentId oneZeroThenTwoZero(Target t, Strategy strategy) {
        lastGoodIsOneZero(t);
        DeploymentId second = deployment();
        send(t.deployed(deployment(), "1.0.0", null));
        send(t.deployed(second, "2.0.0", "1.0.0", strategy));
        awaitDeployment(t, second, "SUCCEEDED");
        return second;
    }

    /** version-service's answer for the target: from 2.0.0 back to 1.0.0, nothing risky on the way. */
    private static void lastGoodIsOneZero(Target t) {
        StandIns.ROLLBACK_TARGETS.put(t.application, """
                {"application":"%s","environment":"%s","fromVersion":"2.0.0","targetVersion":"1.0.0",
                 "crossesIrreversibleMigration":false,"crossesBreakingChange":false,"requiresApproval":false,
                 "crossedVersions":["2.0.0"],"reasons":[]}""".formatted(t.application, t.environment));
    }

    @Test
    @SuppressWarnings("unchecked")
    void rollsBackFullyWhenImpactIsTenPercentOrMoreAndADuplicatedBreachStartsNothingNew() {
        Target t = new Target("full", "staging");
        DeploymentId bad = oneZeroThenTwoZero(t, Strategy.ROLLING);

        var breach = t.breach("2.0.0", null);
        send(breach);
        send(breach); // redelivered: same event id

        var sent = commands(t, 1, Duration.ofSeconds(2));
        assertThat(types(sent)).containsExactly("StartDeployment");
        var start = (StartDeployment) sent.get(0).data();
        assertThat(start.version()).isEqualTo("1.0.0");
        assertThat(start.rollbackOf()).isEqualTo(bad);
        assertThat(start.requestId()).isEqualTo(start.sagaId() + ":full-rollback");
        assertThat(sent.get(0).id()).isEqualTo(start.requestId());
        assertThat(sagas(t)).hasSize(1);

        send(t.rollbackRan(deployment(), "1.0.0", "2.0.0", bad, start.sagaId()));
        var events = sagaEvents(t, 3, Duration.ofSeconds(1));
        assertThat(types(events)).containsExactly("RollbackSagaStarted", "RollbackStepCompleted", "RollbackCompleted");
        assertThat(((RollbackCompleted) events.get(2).data()).outcome()).isEqualTo("rolled back from 2.0.0 to 1.0.0");

        Map<String, Object> saga = get(start.sagaId().toString());
        assertThat(saga).containsEntry("status", "COMPLETED").containsEntry("cause", "breach")
                .containsEntry("fromVersion", "2.0.0").containsEntry("targetVersion", "1.0.0");
        var decision = (Map<String, Object>) saga.get("decision");
        assertThat(decision).containsEntry("branch", "FULL_ROLLBACK").containsEntry("impactPercent", 100.0)
                .containsEntry("rule", "error-rate").containsEntry("window", "PT5M");
        assertThat((List<String>) decision.get("reasons")).anyMatch(r -> r.contains("from version-service"))
                .anyMatch(r -> r.contains("full rollback now"));
        assertThat((List<Map<String, Object>>) saga.get("steps")).extracting(s -> s.get("name") + " " + s.get("status"))
                .containsExactly("full-rollback SUCCEEDED");
        // nothing more went out after the end
        assertThat(commandsWithin(t, Duration.ofSeconds(3))).hasSize(1);
        await().atMost(WAIT).until(() -> webhooks("/hooks/staging", start.sagaId()).size() == 2);
        assertThat(webhooks("/hooks/staging", start.sagaId())).anyMatch(b -> b.contains("Rollback started"))
                .anyMatch(b -> b.contains("completed: rolled back from 2.0.0 to 1.0.0"));
    }

    @Test
    @SuppressWarnings("unchecked")
    void switchesAFinishedBlueGreenDeploymentBackInsteadOfDeployingTheLastGoodVersionAgain() {
        Target t = new Target("bluegreen", "staging");
        DeploymentId green = oneZeroThenTwoZero(t, Strategy.BLUE_GREEN);

        send(t.breach("2.0.0", null));
        var sent = commands(t, 1, Duration.ofSeconds(2));
        assertThat(types(sent)).containsExactly("ShiftTraffic");
        var shift = (ShiftTraffic) sent.get(0).data();
        assertThat(shift.deploymentId()).isEqualTo(green);
        assertThat(shift.newPercent()).isZero();
        assertThat(shift.requestId()).isEqualTo(shift.sagaId() + ":switch-back");
        String id = shift.sagaId().toString();

        // deploy-service switches back: the finished deployment's traffic goes to the old colour
        send(t.shifted(green, "1.0.0", "2.0.0", 0));
        Map<String, Object> saga = awaitSaga(t, status("COMPLETED"));
        assertThat(saga).containsEntry("id", id).containsEntry("targetVersion", "1.0.0")
                .containsEntry("outcome", "rolled back from 2.0.0 to 1.0.0 by switching traffic back to the old colour");
        assertThat(saga.get("rollbackDeploymentId")).isNull();
        var decision = (Map<String, Object>) saga.get("decision");
        assertThat(decision).containsEntry("branch", "FULL_ROLLBACK").containsEntry("impactPercent", 100.0)
                .containsEntry("switchBack", true);
        assertThat((List<String>) decision.get("reasons")).anyMatch(r -> r.contains("switching traffic back"));
        assertThat((List<Map<String, Object>>) saga.get("steps")).extracting(s -> s.get("name") + " " + s.get("status"))
                .containsExactly("switch-back SUCCEEDED");
        assertThat(types(sagaEvents(t, 3, Duration.ofSeconds(1))))
                .containsExactly("RollbackSagaStarted", "RollbackStepCompleted", "RollbackCompleted");

        // 2.0.0 takes no traffic any more: its next breach is an alert, and nothing else is sent
        send(t.breach("2.0.0", null));
        await().atMost(WAIT).until(() -> sagas(t).size() == 2);
        var alert = (Map<String, Object>) sagas(t).get(0).get("decision");
        assertThat(alert).containsEntry("branch", "ALERT_ONLY");
        assertThat((List<String>) alert.get("reasons")).anyMatch(r -> r.contains("switched back to its old colour already"));
        assertThat(commandsWithin(t, Duration.ofSeconds(3))).hasSize(1);
        // the local last-good cache learnt it too: 2.0.0 is bad there
        assertThat(db.sql("SELECT version FROM good_versions WHERE application = :app AND bad")
                .bind("app", t.application).map(r -> r.get("version", String.class)).all().collectList().block())
                .containsExactly("2.0.0");
    }

    @Test
    @SuppressWarnings("unchecked")
    void rollsTheCanaryBackPartiallyObservesAndExpandsWhenMetricsRecover() {
        Target t = new Target("canary", "staging");
        DeploymentId good = deployment();
        DeploymentId canary = deployment();
        send(t.deployed(good, "1.0.0", null));
        send(t.running(canary, "2.0.0", "1.0.0", Strategy.CANARY, 5));
        awaitDeployment(t, canary, "RUNNING");

        send(t.breach("2.0.0", 5.0));
        var shift = commands(t, 1, Duration.ZERO);
        assertThat(types(shift)).containsExactly("ShiftTraffic");
        var cmd = (ShiftTraffic) shift.get(0).data();
        assertThat(cmd.deploymentId()).isEqualTo(canary);
        assertThat(cmd.newPercent()).isZero();
        String id = cmd.sagaId().toString();

        // a second breach (another event) for the same target joins the running saga
        send(t.breach("2.0.0", 5.0));
        await().atMost(WAIT).until(() -> ((List<Map<String, Object>>) get(id).get("steps")).stream()
                .anyMatch(s -> "joined-breach".equals(s.get("name"))));

        send(t.shifted(canary, "1.0.0", "2.0.0", 0));
        awaitSaga(t, status("OBSERVING"));
        send(t.recovered("2.0.0"));
        var expand = commands(t, 2, Duration.ZERO);
        assertThat(types(expand)).containsExactly("ShiftTraffic", "CancelDeployment");
        assertThat(((CancelDeployment) expand.get(1).data()).requestId()).isEqualTo(id + ":expand-rollback");

        send(t.cancelled(canary, "2.0.0"));
        Map<String, Object> saga = awaitSaga(t, status("COMPLETED"));
        assertThat((String) saga.get("outcome")).startsWith("recovered after the partial rollback");
        assertThat(((Map<String, Object>) saga.get("decision"))).containsEntry("branch", "PARTIAL_ROLLBACK")
                .containsEntry("impactPercent", 5.0);
        assertThat((List<Map<String, Object>>) saga.get("steps")).extracting(s -> s.get("name") + " " + s.get("status"))
                .containsExactly("partial-rollback SUCCEEDED", "joined-breach RECORDED", "observe SUCCEEDED",
                        "expand-rollback SUCCEEDED");
        assertThat(sagas(t)).hasSize(1);
        assertThat(commandsWithin(t, Duration.ofSeconds(3))).hasSize(2);
    }

    @Test
    @SuppressWarnings("unchecked")
    void dataCorruptionTurnsMaintenanceOnUntilAnAdminConfirmsTheRepair() {
        Target t = new Target("corrupt", "production");
        send(t.corruption("3.1.0"));
        var on = commands(t, 1, Duration.ZERO);
        var maintenanceOn = (SetMaintenanceMode) on.get(0).data();
        assertThat(maintenanceOn.enabled()).isTrue();
        String id = maintenanceOn.sagaId().toString();

        send(t.maintenance(true));
        awaitSaga(t, s -> "await-repair".equals(s.get("step")));
        String path = "/api/v1/rollbacks/" + id + "/confirm-repair";
        post(path, null, null).expectStatus().isUnauthorized();
        post(path, "deployer", null).expectStatus().isForbidden()
                .expectHeader().contentTypeCompatibleWith("application/problem+json");
        post("/api/v1/rollbacks/" + id + "/approve", "admin", null).expectStatus().isEqualTo(409)
                .expectBody().jsonPath("$.detail").value(d -> assertThat((String) d).contains("waits for no approval"));
        post(path, "admin", null).expectStatus().isOk().expectBody().jsonPath("$.operator").isEqualTo("alice");

        var off = commands(t, 2, Duration.ZERO);
        assertThat(((SetMaintenanceMode) off.get(1).data()).enabled()).isFalse();
        send(t.maintenance(false));
        Map<String, Object> saga = awaitSaga(t, status("COMPLETED"));
        assertThat((String) saga.get("outcome")).contains("confirmed by alice");
        assertThat(((Map<String, Object>) saga.get("decision"))).containsEntry("branch", "MAINTENANCE");
        assertThat(saga).containsEntry("cause", "corruption");
    }

    @Test
    @SuppressWarnings("unchecked")
    void aFullRollbackInProductionWaitsForApprovalAndTheNotificationIsRetried() {
        awaitNoPendingNotifications();
        StandIns.WEBHOOK_FAILURES.set(2);
        Target t = new Target("approve", "production");
        DeploymentId good = deployment();
        DeploymentId bad = deployment();
        send(t.deployed(good, "4.0.0", null));
        send(t.running(bad, "4.1.0", "4.0.0", Strategy.ROLLING, 0));
        awaitDeployment(t, bad, "RUNNING");

        send(t.breach("4.1.0", 40.0));
        Map<String, Object> waiting = awaitSaga(t, status("WAITING_APPROVAL"));
        String id = (String) waiting.get("id");
        assertThat(((Map<String, Object>) waiting.get("decision"))).containsEntry("branch", "WAIT_APPROVAL")
                .containsEntry("onApproval", "FULL_ROLLBACK");
        assertThat(types(sagaEvents(t, 2, Duration.ZERO))).containsExactly("RollbackSagaStarted",
                "RollbackApprovalRequired");
        assertThat(commandsWithin(t, Duration.ofSeconds(3))).isEmpty();
        // the webhook refused twice; the notification still arrives, once
        await().atMost(WAIT).until(() -> webhooks("/hooks/production", SagaId.of(id)).stream()
                .anyMatch(b -> b.contains("waits for approval")));
        Integer attempts = db.sql("SELECT max(attempts) AS a FROM notifications WHERE saga_id = :id")
                .bind("id", SagaId.of(id).value()).map(r -> r.get("a", Integer.class)).one().block();
        assertThat(attempts).isEqualTo(3);

        post("/api/v1/rollbacks/" + id + "/approve", "admin", null).expectStatus().isOk();
        var sent = commands(t, 1, Duration.ZERO);
        // the breaching deployment still runs: it is cancelled before the rollback deploys
        assertThat(types(sent)).containsExactly("CancelDeployment");
        assertThat(((Map<String, Object>) get(id)).get("operator")).isEqualTo("alice");

        post("/api/v1/rollbacks/" + id + "/abort", "admin", Map.of("reason", "fixing forward")).expectStatus().isOk()
                .expectBody().jsonPath("$.status").isEqualTo("ABORTED")
                .jsonPath("$.failureReason").isEqualTo("aborted by alice: fixing forward");
        // exactly these four: waiting for a fifth would hold the test for the probe's whole timeout
        assertThat(types(sagaEvents(t, 4, Duration.ofMillis(500)))).containsExactly("RollbackSagaStarted",
                "RollbackApprovalRequired", "RollbackStepCompleted", "RollbackFailed");
    }

    @Test
    void aBreachOfTheVersionAManualRollbackJustRestoredIsAnAlertAndNeverRollsForward() {
        // version-service, not yet aware of the rollback, still names the rolled-back 1.1.0
        Target stale = new Target("restored", "production");
        Target quiet = new Target("restored-cache", "production"); // version-service knows nothing: the cache answers
        Target redeployed = new Target("restored-redeploy", "production"); // 1.0.0 deployed again after the rollback
        Target missed = new Target("restored-missed", "production"); // the rollback's requested event never seen
        for (Target t : List.of(stale, redeployed)) {
            StandIns.ROLLBACK_TARGETS.put(t.application, """
                    {"application":"%s","environment":"production","fromVersion":"1.0.0","targetVersion":"1.1.0",
                     "requiresApproval":false,"crossedVersions":[],"reasons":[]}""".formatted(t.application));
        }
        for (Target t : List.of(stale, quiet, redeployed, missed)) {
            DeploymentId newer = deployment();
            DeploymentId last = deployment();
            send(t.deployed(deployment(), "1.0.0", null));
            send(t.deployed(newer, "1.1.0", "1.0.0"));
            // an operator's rollback through deploy-service, no saga of this service
            var rollback = t.rollbackRan(last, "1.0.0", "1.1.0", newer, null);
            send(t == missed ? rollback.subList(1, rollback.size()) : rollback);
            if (t == redeployed) {
                last = deployment();
                send(t.deployed(last, "1.0.0", "1.0.0"));
            }
            awaitDeployment(t, last, "SUCCEEDED");
            send(t.breach("1.0.0", null));
        }
        for (Target t : List.of(stale, quiet, redeployed, missed)) {
            Map<String, Object> saga = awaitSaga(t, status("COMPLETED"));
            assertThat(saga).as(t.application).containsEntry("branch", "ALERT_ONLY");
            assertThat(saga.get("targetVersion")).as(t.application).isNull();
            assertThat(String.valueOf(saga.get("decision"))).contains(t == redeployed
                    ? "1.1.0, which was rolled back in production and is never a rollback target"
                    : "itself the target of a rollback");
            assertThat(commandsWithin(t, Duration.ofSeconds(2))).isEmpty();
        }
    }

    @Test
    void aDryRunRulesBreachOfAFreshDeploymentStartsNothingThoughAnEnforcedOneWouldRollBack() {
        Target t = new Target("dry", "staging");
        oneZeroThenTwoZero(t, Strategy.ROLLING);

        send(t.dryRunBreach("2.0.0"));
        assertThat(commandsWithin(t, Duration.ofSeconds(3))).isEmpty();
        assertThat(sagas(t)).isEmpty();

        // the same target's next (enforced) breach is behind it on the partition: once it acts, the dry run was read
        send(t.breach("2.0.0", null));
        assertThat(types(commands(t, 1, Duration.ofSeconds(2)))).containsExactly("StartDeployment");
        assertThat(sagas(t)).hasSize(1);
    }

    @Test
    void aBreachWithoutARecentDeploymentIsRecordedAsAnAlertOnly() {
        Target t = new Target("quiet", "staging");
        send(t.breach("9.9.9", 50.0));
        Map<String, Object> saga = awaitSaga(t, status("COMPLETED"));
        assertThat(saga).containsEntry("branch", "ALERT_ONLY");
        assertThat(String.valueOf(saga.get("decision"))).contains("does not correlate with a deployment");
        assertThat(commandsWithin(t, Duration.ofSeconds(3))).isEmpty();
    }

    @Test
    @SuppressWarnings("unchecked")
    void fallsBackToTheLastGoodCacheWhenVersionServiceAnswersTooLate() {
        Target t = new Target("slow", "staging");
        DeploymentId bad = deployment();
        send(t.deployed(deployment(), "1.0.0", null));
        send(t.deployed(bad, "2.0.0", "1.0.0"));
        awaitDeployment(t, bad, "SUCCEEDED");

        send(t.breach("2.0.0", null));
        var start = (StartDeployment) commands(t, 1, Duration.ZERO).get(0).data();
        assertThat(start.version()).isEqualTo("1.0.0");
        var reasons = (List<String>) ((Map<String, Object>) get(start.sagaId().toString()).get("decision"))
                .get("reasons");
        assertThat(reasons).anyMatch(r -> r.startsWith("version-service unavailable")
                && r.endsWith("last good version 1.0.0 from the local cache"));
    }

    @Test
    void aBreachThatNamesNoVersionGoesToTheDeadLetterTopicAndTheConsumerGoesOn() {
        Target t = new Target("poison", "staging");
        send(Target.of(new ErrorRateBreached(t.application, "staging", null, "rollback", "critical", null,
                Instant.now())));
        var dead = KafkaProbe.read(Topics.dlt(Topics.ALERTS), r -> t.key().equals(r.key()), 1, WAIT, Duration.ZERO);
        assertThat(dead).hasSize(1);
        assertThat(KafkaProbe.header(dead.get(0), "rc_dlt_reason")).contains("names no application, environment or version");
        send(t.breach("1.0.0", 50.0));
        assertThat(awaitSaga(t, status("COMPLETED"))).containsEntry("branch", "ALERT_ONLY");
    }

    private void awaitNoPendingNotifications() {
        await().atMost(WAIT).until(() -> db.sql("SELECT count(*) AS n FROM notifications WHERE sent_at IS NULL"
                + " AND given_up_at IS NULL").map(r -> r.get("n", Long.class)).one().block() == 0);
    }

    private static List<String> webhooks(String path, SagaId saga) {
        return StandIns.WEBHOOK_CALLS.stream().filter(c -> c[0].equals(path) && c[1].contains(saga.toString()))
                .map(c -> c[1]).toList();
    }
}
