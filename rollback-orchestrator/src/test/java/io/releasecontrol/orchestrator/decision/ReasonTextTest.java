package io.releasecontrol.orchestrator.decision;

import static io.releasecontrol.orchestrator.decision.Fixtures.DEPLOYMENT;
import static io.releasecontrol.orchestrator.decision.Fixtures.NOW;
import static org.assertj.core.api.Assertions.assertThat;

import io.releasecontrol.events.SealedFamilies;
import io.releasecontrol.events.Strategy;
import io.releasecontrol.events.serde.EventCodec;
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
import io.releasecontrol.orchestrator.decision.RollbackReason.ImpactFromWeight;
import io.releasecontrol.orchestrator.decision.RollbackReason.MaintenanceUntilRepaired;
import io.releasecontrol.orchestrator.decision.RollbackReason.OldColourIsNotTheTarget;
import io.releasecontrol.orchestrator.decision.RollbackReason.OldColourNoLongerKept;
import io.releasecontrol.orchestrator.decision.RollbackReason.PartialRollback;
import io.releasecontrol.orchestrator.decision.RollbackReason.SwitchBack;
import io.releasecontrol.orchestrator.decision.TriggerReason.Breached;
import io.releasecontrol.orchestrator.decision.TriggerReason.CorruptionReported;
import io.releasecontrol.orchestrator.decision.TriggerReason.DryRun;
import io.releasecontrol.orchestrator.decision.TriggerReason.ManualRequest;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each reason's English text, pinned: it is stored, published in the saga events, returned by the
 * API and sent to the webhook, so it reads exactly as it did when the decider wrote strings.
 */
class ReasonTextTest {

    static final String D = DEPLOYMENT.toString();

    static Stream<Arguments> texts() {
        return Stream.of(
                Arguments.of(new Breached("error-rate", "2.4.0", "errorRate", 0.12, 0.05, Duration.ofMinutes(5), 6,
                        "ratio(errors/requests)"), "rule error-rate breached of 2.4.0: errorRate 0.12 > threshold 0.05"
                        + " over PT5M (6 samples, ratio(errors/requests))"),
                // no rule, no numbers: the sentence still reads, with ? and vs
                Arguments.of(new Breached(null, "2.4.0", "errorRate", null, null, null, null, null),
                        "rule breached of 2.4.0: errorRate ? vs threshold ? over null (0 samples, null)"),
                Arguments.of(new DryRun("error-rate", "rollback"), "dry-run: would have rolled back (rule error-rate is"
                        + " in dry-run mode: no saga, no notification)"),
                Arguments.of(new DryRun("error-rate", "alert"), "dry-run: would have alerted (rule error-rate is in"
                        + " dry-run mode: no saga, no notification)"),
                Arguments.of(new DryRun("error-rate", null), "dry-run: would have acted (action unknown) (rule"
                        + " error-rate is in dry-run mode: no saga, no notification)"),
                Arguments.of(new CorruptionReported("dba-on-call", "2.4.0", "orders lost totals"),
                        "data corruption reported by dba-on-call for 2.4.0: orders lost totals"),
                Arguments.of(new ManualRequest("bob", null), "manual rollback requested by bob"),
                Arguments.of(new AlertAction("latency-p95", "alert"),
                        "rule latency-p95 has action 'alert': alert only, no rollback"),
                Arguments.of(new SkipRollback("shop"), "shop has skipRollback set (schema-migration case): alert only"),
                Arguments.of(new NoDeployment("shop", "production"), "no deployment of shop to production is known:"
                        + " the breach does not correlate with a deployment, alert only"),
                Arguments.of(new OutsideCorrelationWindow("2.4.0", NOW.minus(Duration.ofHours(2)), Duration.ofHours(2),
                        Duration.ofHours(1)), "the latest deployment (2.4.0) ended at 2026-11-23T10:00:00Z, PT2H ago,"
                        + " outside the correlation window PT1H: alert only"),
                Arguments.of(new BreachingIsTheTarget("2.3.1"), "the breaching version 2.3.1 is the rollback target"
                        + " itself: rolling back to it would not help, alert only"),
                Arguments.of(new NotRecentlyDeployed("2.2.0", "2.4.0"),
                        "the breaching version 2.2.0 is not the recently deployed 2.4.0: alert only"),
                Arguments.of(new RollbackOfARollback("2.4.0", DEPLOYMENT), "the breaching version 2.4.0 is itself the"
                        + " target of a rollback (deployment " + D + "): no automatic rollback of a rollback,"
                        + " alert only"),
                Arguments.of(new AlreadySwitchedBack(DEPLOYMENT, "2.4.0"), "blue-green deployment " + D + " of 2.4.0"
                        + " was switched back to its old colour already: 2.4.0 takes no traffic, alert only"),
                Arguments.of(new NoLastGoodVersion(List.of("no good version of shop", "version-service unavailable")),
                        "no last good version to roll back to (no good version of shop; version-service unavailable)"),
                Arguments.of(new NoLastGoodVersion(List.of()), "no last good version to roll back to"),
                Arguments.of(new AlreadyRuns("2.3.1", "production"), "2.3.1 already runs in production: nothing to roll"
                        + " back"),
                Arguments.of(new ImpactFromEvidence(9.99, "2.4.0"),
                        "impact 9.99 %: 2.4.0's share of traffic in the breach evidence"),
                Arguments.of(new ImpactFromWeight(100, "2.4.0", DEPLOYMENT, "SUCCEEDED"),
                        "impact 100 %: 2.4.0's traffic weight in deployment " + D + " (SUCCEEDED)"),
                Arguments.of(new PartialRollback(5, 10),
                        "impact 5 % < 10 %: partial rollback (canary weight -> 0), then observe"),
                Arguments.of(new FullRollbackWithoutCanary(5, 10, Strategy.ROLLING, "2.4.0", false),
                        "impact 5 % < 10 % but the rolling deployment of 2.4.0 has finished: full rollback"),
                Arguments.of(new FullRollbackWithoutCanary(5, 10, Strategy.BLUE_GREEN, "2.4.0", true), "impact 5 % <"
                        + " 10 % but the blue-green deployment of 2.4.0 has no canary share to take back:"
                        + " full rollback"),
                Arguments.of(new FullRollbackNow(33.3333, 10), "impact 33.333 % >= 10 %: full rollback now"),
                Arguments.of(new OldColourIsNotTheTarget(DEPLOYMENT, "2.4.0", "2.3.1", "2.2.0"), "the old colour of"
                        + " blue-green deployment " + D + " of 2.4.0 runs 2.3.1, not 2.2.0: full rollback by a new"
                        + " deployment of 2.2.0"),
                Arguments.of(new OldColourNoLongerKept(DEPLOYMENT, "2.4.0", Duration.ofMinutes(45),
                        Duration.ofMinutes(30), "2.3.1"), "blue-green deployment " + D + " of 2.4.0 finished PT45M ago;"
                        + " its old colour is kept for PT30M only: full rollback by a new deployment of 2.3.1"),
                Arguments.of(new SwitchBack(DEPLOYMENT, "2.4.0", Duration.ofMinutes(5), "2.3.1", Duration.ofHours(1)),
                        "blue-green deployment " + D + " of 2.4.0 finished PT5M ago and its old colour still runs"
                        + " 2.3.1 (kept for PT1H): full rollback by switching traffic back to it"),
                Arguments.of(new ApprovalByPolicy("production"),
                        "policy: a full rollback in production needs an operator's approval"),
                Arguments.of(new MaintenanceUntilRepaired(), "maintenance mode on until an operator confirms the repair"
                        + " (POST /api/v1/rollbacks/{id}/confirm-repair)"),
                Arguments.of(new Reason.Text("2.4.0 ran irreversible migration M24_2"),
                        "2.4.0 ran irreversible migration M24_2"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("texts")
    void rendersTheSentenceItAlwaysWrote(Reason reason, String text) {
        assertThat(reason.text()).isEqualTo(text);
    }

    @Test
    void everyReasonHasItsTextPinned() {
        List<Class<?>> pinned = texts().<Class<?>>map(a -> a.get()[0].getClass()).distinct().toList();
        assertThat(pinned).containsExactlyInAnyOrderElementsOf(SealedFamilies.leaves(Reason.class));
    }

    @Test
    void aDecisionIsStoredWithItsReasonsAsTextAndReadBackAsText() {
        Decision d = RollbackDecider.decide(Fixtures.breach(5.0), Fixtures.canaryAt(5), Fixtures.target("2.3.1"),
                Fixtures.POLICY, NOW);

        String json = EventCodec.mapper().writeValueAsString(d);

        // the sagas.decision column as it was when reasons were strings
        assertThat(json).isEqualTo("{\"branch\":\"PARTIAL_ROLLBACK\",\"onApproval\":null,\"impactPercent\":5.0,"
                + "\"rule\":\"error-rate\",\"metric\":\"errorRate\",\"observed\":0.12,\"threshold\":0.05,"
                + "\"window\":\"PT5M\",\"samples\":6,\"statistic\":\"ratio(errors/requests)\",\"reasons\":["
                + "\"rule error-rate breached of 2.4.0: errorRate 0.12 > threshold 0.05 over PT5M (6 samples,"
                + " ratio(errors/requests))\",\"impact 5 %: 2.4.0's share of traffic in the breach evidence\","
                + "\"impact 5 % < 10 %: partial rollback (canary weight -> 0), then observe\"],"
                + "\"fromVersion\":\"2.4.0\",\"targetVersion\":\"2.3.1\",\"deploymentId\":\"" + D + "\","
                + "\"deploymentActive\":true,\"switchBack\":false}");
        Decision read = EventCodec.mapper().readValue(json, Decision.class);
        assertThat(read.reasons()).allMatch(r -> r instanceof Reason.Text);
        assertThat(read.reasonTexts()).isEqualTo(d.reasonTexts());
        assertThat(EventCodec.mapper().writeValueAsString(read)).isEqualTo(json);
    }
}
