package io.releasecontrol.orchestrator.decision;

import static io.releasecontrol.orchestrator.decision.Fixtures.DEPLOYMENT;
import static io.releasecontrol.orchestrator.decision.Fixtures.NOW;
import static io.releasecontrol.orchestrator.decision.Fixtures.POLICY;
import static io.releasecontrol.orchestrator.decision.Fixtures.breach;
import static io.releasecontrol.orchestrator.decision.Fixtures.canaryAt;
import static io.releasecontrol.orchestrator.decision.Fixtures.finished;
import static io.releasecontrol.orchestrator.decision.Fixtures.risky;
import static io.releasecontrol.orchestrator.decision.Fixtures.switchedBack;
import static io.releasecontrol.orchestrator.decision.Fixtures.target;
import static org.assertj.core.api.Assertions.assertThat;

import io.releasecontrol.events.DeploymentId;
import io.releasecontrol.events.SealedFamilies;
import io.releasecontrol.events.Strategy;
import io.releasecontrol.orchestrator.decision.AlertOnlyReason.AlertAction;
import io.releasecontrol.orchestrator.decision.AlertOnlyReason.AlreadyRuns;
import io.releasecontrol.orchestrator.decision.AlertOnlyReason.AlreadySwitchedBack;
import io.releasecontrol.orchestrator.decision.AlertOnlyReason.BreachingIsTheTarget;
import io.releasecontrol.orchestrator.decision.AlertOnlyReason.NoDeployment;
import io.releasecontrol.orchestrator.decision.AlertOnlyReason.NoLastGoodVersion;
import io.releasecontrol.orchestrator.decision.AlertOnlyReason.NotRecentlyDeployed;
import io.releasecontrol.orchestrator.decision.AlertOnlyReason.OutsideCorrelationWindow;
import io.releasecontrol.orchestrator.decision.AlertOnlyReason.RollbackOfARollback;
import io.releasecontrol.orchestrator.decision.AlertOnlyReason.SkipRollback;
import io.releasecontrol.orchestrator.decision.RollbackReason.ApprovalByPolicy;
import io.releasecontrol.orchestrator.decision.RollbackReason.FullRollbackNow;
import io.releasecontrol.orchestrator.decision.RollbackReason.FullRollbackWithoutCanary;
import io.releasecontrol.orchestrator.decision.RollbackReason.ImpactFromEvidence;
import io.releasecontrol.orchestrator.decision.RollbackReason.OldColourIsNotTheTarget;
import io.releasecontrol.orchestrator.decision.RollbackReason.OldColourNoLongerKept;
import io.releasecontrol.orchestrator.decision.RollbackReason.PartialRollback;
import io.releasecontrol.orchestrator.decision.RollbackReason.SwitchBack;
import io.releasecontrol.orchestrator.decision.TriggerReason.Breached;
import io.releasecontrol.orchestrator.decision.TriggerReason.CorruptionReported;
import io.releasecontrol.orchestrator.decision.TriggerReason.DryRun;
import io.releasecontrol.orchestrator.decision.TriggerReason.ManualRequest;
import io.releasecontrol.orchestrator.deployment.DeploymentState;
import io.releasecontrol.orchestrator.target.RollbackTarget;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** One row per branch and edge of the runbook (DESIGN §4). */
class RollbackDeciderTest {

    /**
     * @param reason     the reason that decides the branch (for ALERT_ONLY: the last one, which the outcome quotes)
     * @param switchBack the full rollback switches a finished blue-green deployment back to its old colour
     */
    record Row(String name, Trigger trigger, DeploymentState latest, RollbackTarget target, Policy policy,
            Branch branch, Branch onApproval, Double impact, Class<? extends Reason> reason, boolean switchBack) {

        Row(String name, Trigger trigger, DeploymentState latest, RollbackTarget target, Policy policy,
                Branch branch, Branch onApproval, Double impact, Class<? extends Reason> reason) {
            this(name, trigger, latest, target, policy, branch, onApproval, impact, reason, false);
        }

        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Arguments> rows() {
        Policy prodApproval = new Policy(Duration.ofHours(1), 10, true, false, Duration.ofHours(1));
        Policy skip = new Policy(Duration.ofHours(1), 10, false, true, Duration.ofHours(1));
        Policy keepHalfAnHour = new Policy(Duration.ofHours(1), 10, false, false, Duration.ofMinutes(30));
        DeploymentState rollbackDeployment = new DeploymentState(new DeploymentId(UUID.randomUUID()), "shop",
                "production", "2.4.0", "2.5.0", Strategy.ROLLING, "SUCCEEDED", 100, DEPLOYMENT, NOW.minusSeconds(90),
                NOW.minusSeconds(30));
        return Stream.of(
                // a breach with no deployment known for the target does not correlate: alert only
                new Row("noDeploymentKnown", breach(5.0), null, target("2.3.1"), POLICY, Branch.ALERT_ONLY, null,
                        null, NoDeployment.class),
                // the last deployment ended 2 h ago, outside the 1 h window: alert only
                new Row("deploymentOutsideCorrelationWindow", breach(null), finished(Strategy.ROLLING,
                        Duration.ofHours(2)), target("2.3.1"), POLICY, Branch.ALERT_ONLY, null, null,
                        OutsideCorrelationWindow.class),
                // finished 59 min ago: still inside the window, impact 100 %: full rollback
                new Row("deploymentJustInsideWindow", breach(null), finished(Strategy.ROLLING, Duration.ofMinutes(59)),
                        target("2.3.1"), POLICY, Branch.FULL_ROLLBACK, null, 100.0, FullRollbackNow.class),
                // a canary at 5 %: partial rollback
                new Row("impactBelowTenPercentIsPartial", breach(null), canaryAt(5), target("2.3.1"), POLICY,
                        Branch.PARTIAL_ROLLBACK, null, 5.0, PartialRollback.class),
                // the evidence's traffic share wins over the weight: 9.99 % is still partial
                new Row("impactFromEvidenceJustBelowTen", breach(9.99), canaryAt(50), target("2.3.1"), POLICY,
                        Branch.PARTIAL_ROLLBACK, null, 9.99, ImpactFromEvidence.class),
                // exactly 10 %: full rollback (the runbook says >= 10 %)
                new Row("impactExactlyTenPercentIsFull", breach(null), canaryAt(10), target("2.3.1"), POLICY,
                        Branch.FULL_ROLLBACK, null, 10.0, FullRollbackNow.class),
                // 50 %: full rollback
                new Row("impactAboveTenPercentIsFull", breach(50.0), canaryAt(50), target("2.3.1"), POLICY,
                        Branch.FULL_ROLLBACK, null, 50.0, FullRollbackNow.class),
                // small impact on a finished rolling deployment: no canary share to take back, full rollback
                new Row("smallImpactWithoutCanaryIsFull", breach(5.0), finished(Strategy.ROLLING,
                        Duration.ofMinutes(5)), target("2.3.1"), POLICY, Branch.FULL_ROLLBACK, null, 5.0,
                        FullRollbackWithoutCanary.class),
                // a blue-green deployment that finished 5 min ago still keeps its old colour: switch back to it
                new Row("finishedBlueGreenIsSwitchedBack", breach(null), finished(Strategy.BLUE_GREEN,
                        Duration.ofMinutes(5)), target("2.3.1"), POLICY, Branch.FULL_ROLLBACK, null, 100.0,
                        SwitchBack.class, true),
                // its old colour is no longer kept (45 min > 30 min): a new deployment of the last good version
                new Row("blueGreenPastTheKeepWindowIsRedeployed", breach(null), finished(Strategy.BLUE_GREEN,
                        Duration.ofMinutes(45)), target("2.3.1"), keepHalfAnHour, Branch.FULL_ROLLBACK, null, 100.0,
                        OldColourNoLongerKept.class, false),
                // the old colour runs 2.3.1 but the last good version is 2.2.0: switching back would not help
                new Row("blueGreenWhoseOldColourIsNotTheTargetIsRedeployed", breach(null),
                        finished(Strategy.BLUE_GREEN, Duration.ofMinutes(5)), target("2.2.0"), POLICY,
                        Branch.FULL_ROLLBACK, null, 100.0, OldColourIsNotTheTarget.class, false),
                // switched back already: the breaching version takes no traffic, nothing more to roll back
                new Row("blueGreenAlreadySwitchedBackIsAlertOnly", breach(null), switchedBack(Duration.ofMinutes(2)),
                        target("2.3.1"), POLICY, Branch.ALERT_ONLY, null, null,
                        AlreadySwitchedBack.class),
                // an irreversible migration on the way back: approval first, then the switch-back
                new Row("riskySwitchBackWaitsForApproval", breach(null), finished(Strategy.BLUE_GREEN,
                        Duration.ofMinutes(5)), risky("2.3.1"), POLICY, Branch.WAIT_APPROVAL, Branch.FULL_ROLLBACK,
                        100.0, SwitchBack.class, true),
                // a person rolling back a fresh blue-green deployment gets the switch-back too
                new Row("manualRollbackOfBlueGreenSwitchesBack", Trigger.manual("shop", "production", null, "bob",
                        "bad release", NOW), finished(Strategy.BLUE_GREEN, Duration.ofMinutes(10)), target("2.3.1"),
                        POLICY, Branch.FULL_ROLLBACK, null, null, SwitchBack.class, true),
                // an irreversible migration on the way back waits for approval, then runs the full rollback
                new Row("irreversibleMigrationWaitsForApproval", breach(50.0), canaryAt(50), risky("2.3.1"), POLICY,
                        Branch.WAIT_APPROVAL, Branch.FULL_ROLLBACK, 50.0, FullRollbackNow.class),
                // ... also for a partial rollback
                new Row("irreversibleMigrationOnPartialWaits", breach(5.0), canaryAt(5), risky("2.3.1"), POLICY,
                        Branch.WAIT_APPROVAL, Branch.PARTIAL_ROLLBACK, 5.0, PartialRollback.class),
                // version-service knows no good version other than the breaching one: alert only
                new Row("noLastGoodVersion", breach(50.0), canaryAt(50), RollbackTarget.none("version-service",
                        "no good version of shop in production other than 2.4.0"), POLICY, Branch.ALERT_ONLY, null,
                        null, NoLastGoodVersion.class),
                // the stable version (= rollback target) breaches during a canary: rolling back would not help
                new Row("breachOfTheRollbackTargetItself", breach("2.3.1", "rollback", 90.0), canaryAt(10),
                        target("2.3.1"), POLICY, Branch.ALERT_ONLY, null, null, BreachingIsTheTarget.class),
                // the version a rollback went to breaches: no automatic rollback of a rollback
                new Row("breachAfterARollback", breach(null), rollbackDeployment, target("2.3.1"), POLICY,
                        Branch.ALERT_ONLY, null, null, RollbackOfARollback.class),
                // an older version breaching (not the one recently deployed): alert only
                new Row("breachOfAnotherVersion", breach("2.2.0", "rollback", 1.0), canaryAt(10), target("2.3.1"),
                        POLICY, Branch.ALERT_ONLY, null, null, NotRecentlyDeployed.class),
                // p95 / cpu / memory rules have action=alert: never a rollback
                new Row("alertActionRuleIsAlertOnly", breach("2.4.0", "alert", 50.0), canaryAt(50), target("2.3.1"),
                        POLICY, Branch.ALERT_ONLY, null, null, AlertAction.class),
                // production policy: every full rollback needs a person
                new Row("productionPolicyRequiresApproval", breach(50.0), canaryAt(50), target("2.3.1"),
                        prodApproval, Branch.WAIT_APPROVAL, Branch.FULL_ROLLBACK, 50.0, ApprovalByPolicy.class),
                // ... but not a partial one
                new Row("productionPolicyLetsPartialRun", breach(5.0), canaryAt(5), target("2.3.1"), prodApproval,
                        Branch.PARTIAL_ROLLBACK, null, 5.0, PartialRollback.class),
                // the application opted out of automatic rollbacks
                new Row("skipRollbackFlagIsAlertOnly", breach(50.0), canaryAt(50), target("2.3.1"), skip,
                        Branch.ALERT_ONLY, null, null, SkipRollback.class),
                // data corruption: maintenance mode, whatever the deployment state
                new Row("corruptionGoesToMaintenance", Trigger.corruption(new io.releasecontrol.events.alert
                        .DataCorruptionReported("shop", "production", "2.4.0", "dba-on-call", "orders lost totals",
                        NOW)), null, null, POLICY, Branch.MAINTENANCE, null, null, CorruptionReported.class),
                // manual rollback to the last good version
                new Row("manualRollbackIsFull", Trigger.manual("shop", "production", null, "bob", "bad release", NOW),
                        finished(Strategy.ROLLING, Duration.ofHours(5)), target("2.3.1"), POLICY,
                        Branch.FULL_ROLLBACK, null, null, ManualRequest.class),
                // manual rollback with nothing to go back to
                new Row("manualRollbackWithoutTarget", Trigger.manual("shop", "production", null, "bob", null, NOW),
                        finished(Strategy.ROLLING, Duration.ofHours(5)), RollbackTarget.none("version-service",
                        "nothing"), POLICY, Branch.ALERT_ONLY, null, null, NoLastGoodVersion.class),
                // manual rollback to the version that runs already, its deployment finished: nothing to do
                new Row("manualRollbackToTheRunningVersion", Trigger.manual("shop", "production", "2.4.0", "bob", null,
                        NOW), finished(Strategy.ROLLING, Duration.ofHours(5)), target("2.3.1"), POLICY,
                        Branch.ALERT_ONLY, null, null, AlreadyRuns.class)
        ).map(Arguments::of);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void decidesTheRunbookBranch(Row row) {
        Decision d = RollbackDecider.decide(row.trigger(), row.latest(), row.target(), row.policy(), NOW);

        assertThat(d.branch()).as("branch").isEqualTo(row.branch());
        assertThat(d.onApproval()).as("onApproval").isEqualTo(row.onApproval());
        assertThat(d.impactPercent()).as("impact").isEqualTo(row.impact());
        assertThat(d.reasons()).as("reasons").hasAtLeastOneElementOfType(row.reason());
        if (row.branch() == Branch.ALERT_ONLY) {
            assertThat(d.reasons().get(d.reasons().size() - 1)).as("the alert-only reason").isInstanceOf(row.reason());
        }
        assertThat(d.switchBack()).as("switch back").isEqualTo(row.switchBack());
    }

    @Test
    void everyAlertOnlyExitHasARow() {
        List<Class<?>> covered = rows().map(a -> ((Row) a.get()[0]).reason()).collect(Collectors.toList());
        assertThat(covered).containsAll(SealedFamilies.leaves(AlertOnlyReason.class));
    }

    @Test
    void aRiskyTargetsFindingsAreCarriedInItsOwnWords() {
        // version-service says why the way back is risky; the decision quotes it after its own reasons
        Decision d = RollbackDecider.decide(breach(50.0), canaryAt(50), risky("2.3.1"), POLICY, NOW);
        assertThat(d.reasons()).endsWith(new Reason.Text("2.4.0 ran irreversible migration M24_2 (postgres: split "
                + "carts); going back to 2.3.1 cannot undo it"));
    }

    /** @param would what the same breach of an enforced rule decides: the dry run must do none of it */
    record DryRunRow(String name, Trigger trigger, DeploymentState latest, RollbackTarget target, Policy policy,
            Branch would) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<DryRunRow> dryRuns() {
        Policy prodApproval = new Policy(Duration.ofHours(1), 10, true, false, Duration.ofHours(1));
        return Stream.of(
                // a canary at 5 %: enforced, a partial rollback
                new DryRunRow("canaryBelowTenPercent", Fixtures.dryRun("rollback", 5.0), canaryAt(5), target("2.3.1"),
                        POLICY, Branch.PARTIAL_ROLLBACK),
                // 50 %: enforced, a full rollback now
                new DryRunRow("canaryAboveTenPercent", Fixtures.dryRun("rollback", 50.0), canaryAt(50),
                        target("2.3.1"), POLICY, Branch.FULL_ROLLBACK),
                // a finished blue-green deployment: enforced, a switch-back
                new DryRunRow("finishedBlueGreen", Fixtures.dryRun("rollback", null), finished(Strategy.BLUE_GREEN,
                        Duration.ofMinutes(5)), target("2.3.1"), POLICY, Branch.FULL_ROLLBACK),
                // an irreversible migration: enforced, waits for an approval
                new DryRunRow("riskyTarget", Fixtures.dryRun("rollback", 50.0), canaryAt(50), risky("2.3.1"), POLICY,
                        Branch.WAIT_APPROVAL),
                // production policy: enforced, waits for an approval
                new DryRunRow("productionApproval", Fixtures.dryRun("rollback", 50.0), canaryAt(50), target("2.3.1"),
                        prodApproval, Branch.WAIT_APPROVAL),
                // an alert rule (or a rollback the baseline shares): enforced, an alert-only record and notification
                new DryRunRow("alertRule", Fixtures.dryRun("alert", 50.0), canaryAt(50), target("2.3.1"), POLICY,
                        Branch.ALERT_ONLY),
                // no deployment known: enforced, alert only
                new DryRunRow("noDeployment", Fixtures.dryRun("rollback", 5.0), null, target("2.3.1"), POLICY,
                        Branch.ALERT_ONLY));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dryRuns")
    void aDryRunRulesBreachNeverRollsBackNorAlerts(DryRunRow row) {
        Trigger enforced = Fixtures.breach(row.trigger().version(), row.trigger().dryRunAction(),
                row.trigger().trafficPercent());
        assertThat(RollbackDecider.decide(enforced, row.latest(), row.target(), row.policy(), NOW).branch())
                .as("the same breach enforced").isEqualTo(row.would());

        Decision d = RollbackDecider.decide(row.trigger(), row.latest(), row.target(), row.policy(), NOW);

        assertThat(d.branch()).isEqualTo(Branch.DRY_RUN);
        assertThat(d.dryRun()).isTrue();
        assertThat(d.startsSaga()).as("no saga, not even an alert-only one").isFalse();
        assertThat(d.onApproval()).isNull();
        assertThat(d.targetVersion()).isNull();
        // the evidence, then what the rule would have asked for
        assertThat(d.reasons()).containsExactly(Breached.of(row.trigger()),
                new DryRun("error-rate", row.trigger().dryRunAction()));
    }

    @Test
    void aDryRunIsReadFromTheBreachEvent() {
        var evidence = new io.releasecontrol.events.alert.Evidence("error-rate-2pct", "errorRate", 0.08, 0.02,
                Duration.ofMinutes(1), 12, "sequential", 100.0, NOW, NOW, null, null, null, null, null, null, null,
                "application shop", "rollback");
        Trigger t = Trigger.breach(new io.releasecontrol.events.alert.ErrorRateBreached("shop", "production", "2.4.0",
                "dry-run", "critical", evidence, NOW));
        assertThat(t.dryRun()).isTrue();
        assertThat(t.dryRunAction()).isEqualTo("rollback");
        // an enforced breach is no dry run
        assertThat(Fixtures.breach(50.0).dryRun()).isFalse();
    }

    @Test
    void decisionRecordCarriesTheEvidenceNumbers() {
        Decision d = RollbackDecider.decide(breach(50.0), canaryAt(50), target("2.3.1"), POLICY, NOW);

        assertThat(d.rule()).isEqualTo("error-rate");
        assertThat(d.metric()).isEqualTo("errorRate");
        assertThat(d.observed()).isEqualTo(0.12);
        assertThat(d.threshold()).isEqualTo(0.05);
        assertThat(d.window()).isEqualTo(Duration.ofMinutes(5));
        assertThat(d.samples()).isEqualTo(6);
        assertThat(d.statistic()).isEqualTo("ratio(errors/requests)");
        assertThat(d.fromVersion()).isEqualTo("2.4.0");
        assertThat(d.targetVersion()).isEqualTo("2.3.1");
        assertThat(d.deploymentId()).isEqualTo(DEPLOYMENT);
        assertThat(d.deploymentActive()).isTrue();
        assertThat(d.reasons().get(0)).isEqualTo(new Breached("error-rate", "2.4.0", "errorRate", 0.12, 0.05,
                Duration.ofMinutes(5), 6, "ratio(errors/requests)"));
    }

    @Test
    void aBreachDecidedAgainstTheBaselineUnderTheThresholdIsNotWrittenAsOverIt() {
        // the canary at 3.1 % against a 1 % baseline: the comparison breached, the threshold did not
        Trigger t = Fixtures.breach(50.0);
        Trigger underThreshold = t.toBuilder().observed(0.031).threshold(0.05)
                .statistic("sequential-vs-baseline: log-likelihood ratio 18.9 (alarm at 17.5)").build();
        Decision d = RollbackDecider.decide(underThreshold, canaryAt(50), target("2.3.1"), POLICY, NOW);
        assertThat(d.reasons().get(0).text()).isEqualTo("rule error-rate breached of 2.4.0: errorRate 0.031 < threshold"
                + " 0.05 "
                + "over PT5M (6 samples, sequential-vs-baseline: log-likelihood ratio 18.9 (alarm at 17.5))");
    }
}
