package io.releasecontrol.deploy.release;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.releasecontrol.deploy.deployment.Deployment;
import io.releasecontrol.deploy.deployment.DeploymentOptions;
import io.releasecontrol.deploy.deployment.NewDeployment;
import io.releasecontrol.events.Strategy;
import io.releasecontrol.runtime.problem.ProblemException;
import io.releasecontrol.runtime.problem.ProblemType;
import io.releasecontrol.runtime.testsupport.ServiceValidator;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The pure decisions: what a policy says about a deployment, and what a promotion still lacks. */
class ReleaseRulesTest {

    private static final Instant NOW = Instant.parse("2026-11-28T11:00:00Z");
    private static final PolicyDocument.Window ALWAYS = new PolicyDocument.Window("freeze", "UTC", null, null,
            List.of("MON", "TUE", "WED", "THU", "FRI", "SAT", "SUN"), "00:00", "00:00", "sales");

    private static EnvironmentPolicy policy(PolicyDocument d) {
        return PolicyChecks.policy(ServiceValidator.get(), "production", d, "root", NOW);
    }

    private static NewDeployment request(Strategy strategy, UUID rollbackOf, boolean hotfix) {
        return NewDeployment.builder().application("shop").environment("production").version("2.0.0")
                .strategy(strategy).executor("simulated").requestedBy("alice").rollbackOf(rollbackOf)
                .options(new DeploymentOptions(false, false, null, null, null, List.of(), hotfix, hotfix ? "cve" : null,
                        null))
                .build();
    }

    @Test
    void durationsThePolicyCouldNotComputeWithAreRefusedWhenSaved() {
        // both were accepted before, and every later deployment to the environment answered 500
        var d = new PolicyDocument("staging", "PT9223372036854775807S", 1, "admin", "PT9223372036854775807S", null,
                null);
        assertThatThrownBy(() -> policy(d)).isInstanceOfSatisfying(ProblemException.class, e -> assertThat(
                e.getMessage()).contains("minimumSoak must be between PT0S and PT2160H, got PT9223372036854775807S",
                "approvalTimeout must be between PT0S and PT720H, got PT9223372036854775807S"));
        assertThat(policy(new PolicyDocument("staging", "P90D", 1, "admin", "P30D", null, null)).minimumSoak())
                .isEqualTo(java.time.Duration.ofDays(90));
    }

    @Test
    void aFreezeWindowRefusesNormalDeploymentsAndGatesHotfixesAndRollbacksOnAnAdmin() {
        var p = policy(new PolicyDocument(null, null, 0, "deployer", "PT1H", null, List.of(ALWAYS)));
        assertThatThrownBy(() -> ReleaseGate.decide(p, request(Strategy.ROLLING, null, false), NOW))
                .isInstanceOfSatisfying(ProblemException.class, e -> {
                    assertThat(e.type()).isEqualTo(ProblemType.FREEZE_WINDOW);
                    assertThat(e.extensions()).containsEntry("freezeWindow", "freeze").containsEntry("reason", "sales");
                });
        var hotfix = ReleaseGate.decide(p, request(Strategy.ROLLING, null, true), NOW);
        assertThat(hotfix.approvalsRequired()).isEqualTo(1);
        assertThat(hotfix.approverRole()).isEqualTo("admin");
        assertThat(hotfix.freezeWindow()).isEqualTo("freeze");
        assertThat(hotfix.expiresAt()).isEqualTo(NOW.plus(Duration.ofHours(1)));
        assertThat(ReleaseGate.decide(p, request(Strategy.ROLLING, UUID.randomUUID(), false), NOW).reason())
                .startsWith("rollback during freeze window 'freeze'");
    }

    @Test
    void outsideAWindowOnlyThePolicysApprovalsApplyAndRollbacksDoNotWait() {
        var p = policy(new PolicyDocument(null, null, 2, "deployer", null, List.of("rolling"), List.of()));
        assertThat(ReleaseGate.decide(p, request(Strategy.ROLLING, null, false), NOW).approvalsRequired())
                .isEqualTo(2);
        assertThat(ReleaseGate.decide(p, request(Strategy.ROLLING, UUID.randomUUID(), false), NOW)).isNull();
        assertThatThrownBy(() -> ReleaseGate.decide(p, request(Strategy.CANARY, null, false), NOW))
                .isInstanceOfSatisfying(ProblemException.class,
                        e -> assertThat(e.type()).isEqualTo(ProblemType.UNPROCESSABLE));
        var open = policy(new PolicyDocument(null, null, 0, null, null, null, null));
        assertThat(ReleaseGate.decide(open, request(Strategy.CANARY, null, false), NOW)).isNull();
    }

    private static Deployment deployment(String version, UUID rollbackOf, long sequence, String status,
            Instant completedAt) {
        var spec = NewDeployment.builder().application("shop").environment("staging").version(version)
                .strategy(Strategy.ROLLING).executor("simulated").requestedBy("alice").rollbackOf(rollbackOf).build()
                .toSpec(UUID.randomUUID(), sequence, completedAt.minusSeconds(60));
        var state = new io.releasecontrol.deploy.deployment.DeploymentState(
                io.releasecontrol.deploy.deployment.DeploymentStatus.valueOf(status), null, 100, "done", 3,
                io.releasecontrol.deploy.deployment.Traffic.toNew(100), null, false, null, null,
                completedAt.minusSeconds(30), completedAt);
        return new Deployment(spec, state);
    }

    @Test
    void aPromotionListsEveryUnmetCondition() {
        var p = policy(new PolicyDocument("staging", "PT10M", 0, null, null, List.of("rolling"), null));
        var req = NewDeployment.builder().application("shop").environment("production").version("2.0.0")
                .strategy(Strategy.CANARY).executor("simulated").requestedBy("alice").build();

        assertThat(PromotionService.unmet(p, req, "qa", null, List.of(), NOW)).extracting(u -> u.condition())
                .containsExactly("preceding-environment", "strategy-allowed", "succeeded-in-source");

        var rolling = req.toBuilder().strategy(Strategy.ROLLING).build();
        var success = deployment("2.0.0", null, 4, "SUCCEEDED", NOW.minusSeconds(300));
        var soaking = PromotionService.unmet(p, rolling, "staging", success, List.of(), NOW);
        assertThat(soaking).singleElement().satisfies(u -> {
            assertThat(u.condition()).isEqualTo("soak-time");
            assertThat(u.detail()).contains("soaked PT5M of the PT10M").contains("eligible from 2026-11-28T11:05:00Z");
        });

        var soaked = deployment("2.0.0", null, 4, "SUCCEEDED", NOW.minusSeconds(601));
        assertThat(PromotionService.unmet(p, rolling, "staging", soaked, List.of(), NOW)).isEmpty();
        var rollback = deployment("1.9.0", soaked.spec().id(), 5, "SUCCEEDED", NOW.minusSeconds(100));
        var failedAgain = deployment("2.0.0", null, 6, "FAILED", NOW.minusSeconds(50));
        var cancelledRollback = deployment("1.9.0", soaked.spec().id(), 7, "CANCELLED", NOW.minusSeconds(10));
        assertThat(PromotionService.unmet(p, rolling, "staging", soaked,
                List.of(rollback, failedAgain, cancelledRollback), NOW)).extracting(u -> u.condition())
                .containsExactly("not-rolled-back", "not-failed");
    }
}
