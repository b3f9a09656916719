package io.releasecontrol.deploy.checklist;

import static org.assertj.core.api.Assertions.assertThat;

import io.releasecontrol.deploy.deployment.Deployment;
import io.releasecontrol.deploy.deployment.DeploymentState;
import io.releasecontrol.deploy.deployment.DeploymentStatus;
import io.releasecontrol.deploy.deployment.NewDeployment;
import io.releasecontrol.deploy.deployment.Traffic;
import io.releasecontrol.deploy.versions.VersionLookup;
import io.releasecontrol.deploy.versions.VersionLookup.Migration;
import io.releasecontrol.events.Strategy;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/** The checklist decisions, one row per branch: automatic checks, why a deployment waits, who may confirm what. */
class ChecklistRulesTest {

    private static final Instant NOW = Instant.parse("2026-11-23T16:00:00Z");
    private static final UUID LAST = UUID.fromString("11111111-2222-3333-4444-555555555555");
    private static final VersionLookup NO_MIGRATIONS = VersionLookup.found(List.of());

    private static Deployment deployment(String env, String version, DeploymentStatus status, UUID rollbackOf) {
        var spec = NewDeployment.builder().application("shop").environment(env).version(version)
                .strategy(Strategy.ROLLING).executor("simulated").requestedBy("alice").rollbackOf(rollbackOf).build()
                .toSpec(LAST, 3, NOW.minusSeconds(600));
        var state = new DeploymentState(status, null, 100, "done", 2, Traffic.toNew(100), null, false,
                status == DeploymentStatus.FAILED ? "health check 503" : null, null, NOW.minusSeconds(500),
                NOW.minusSeconds(400));
        return new Deployment(spec, state);
    }

    /** Facts about deploying shop 2.0.0 to production, preceded by staging. */
    private static CheckFacts facts(VersionLookup lookup, Deployment lastSucceeded, Deployment precedingFinished) {
        return new CheckFacts("shop", "production", "2.0.0", lookup, lastSucceeded, "staging", precedingFinished);
    }

    static Stream<Arguments> checks() {
        var staging = deployment("staging", "2.0.0", DeploymentStatus.SUCCEEDED, null);
        var previous = deployment("production", "1.9.0", DeploymentStatus.SUCCEEDED, null);
        return Stream.of(
                // the version is registered
                Arguments.of(AutoCheck.VERSION_EXISTS, facts(NO_MIGRATIONS, null, null), true,
                        "version 2.0.0 of shop is registered in version-service"),
                // it is not
                Arguments.of(AutoCheck.VERSION_EXISTS, facts(VersionLookup.notFound("no"), null, null), false,
                        "version 2.0.0 of shop is not registered in version-service"),
                // version-service down: fails, and says to evaluate again
                Arguments.of(AutoCheck.VERSION_EXISTS, facts(VersionLookup.unavailable("timeout"), null, null), false,
                        "version-service unavailable (timeout): evaluate again later"),
                // no migrations is a declaration too
                Arguments.of(AutoCheck.MIGRATIONS_DECLARED, facts(NO_MIGRATIONS, null, null), true,
                        "no migrations declared"),
                // reversible ones have their down scripts; irreversible ones are named
                Arguments.of(AutoCheck.MIGRATIONS_DECLARED, facts(VersionLookup.found(List.of(
                        new Migration("m1", "postgres", true, "drop column x"),
                        new Migration("m2", "postgres", false, null))), null, null), true,
                        "2 migration(s) declared, irreversible: m2"),
                // a reversible migration without its down script is not ready
                Arguments.of(AutoCheck.MIGRATIONS_DECLARED, facts(VersionLookup.found(List.of(
                        new Migration("m1", "postgres", true, " "))), null, null), false,
                        "reversible migration(s) without a down script: m1"),
                // an unregistered version declares nothing
                Arguments.of(AutoCheck.MIGRATIONS_DECLARED, facts(VersionLookup.notFound("no"), null, null), false,
                        "version 2.0.0 of shop is not registered, so its migrations are not declared"),
                // an earlier version succeeded there
                Arguments.of(AutoCheck.ROLLBACK_TARGET_EXISTS, facts(null, previous, null), true,
                        "rollback target 1.9.0 (deployment " + LAST + ")"),
                // first deployment of the target
                Arguments.of(AutoCheck.ROLLBACK_TARGET_EXISTS, facts(null, null, null), false,
                        "no earlier successful deployment of shop in production: nothing to roll back to"),
                // redeploying what runs there
                Arguments.of(AutoCheck.ROLLBACK_TARGET_EXISTS, facts(null,
                        deployment("production", "2.0.0", DeploymentStatus.SUCCEEDED, null), null), false,
                        "production already runs 2.0.0: no other version succeeded there last to roll back to"),
                // staging's last deployment succeeded
                Arguments.of(AutoCheck.PREVIOUS_ENVIRONMENT_HEALTHY, facts(null, null, staging), true,
                        "the last deployment of shop in staging (2.0.0, " + LAST + ") succeeded at "
                                + NOW.minusSeconds(400)),
                // it failed
                Arguments.of(AutoCheck.PREVIOUS_ENVIRONMENT_HEALTHY, facts(null, null,
                        deployment("staging", "2.0.0", DeploymentStatus.FAILED, null)), false,
                        "the last deployment of shop in staging (2.0.0, " + LAST + ") ended FAILED: health check 503"),
                // it was a rollback: staging is not healthy on what it was given
                Arguments.of(AutoCheck.PREVIOUS_ENVIRONMENT_HEALTHY, facts(null, null,
                        deployment("staging", "1.9.0", DeploymentStatus.SUCCEEDED, UUID.randomUUID())), false,
                        "the last deployment of shop in staging (1.9.0, " + LAST + ") was a rollback"),
                // never deployed there
                Arguments.of(AutoCheck.PREVIOUS_ENVIRONMENT_HEALTHY, facts(null, null, null), false,
                        "shop was never deployed to staging"));
    }

    @ParameterizedTest(name = "{0} -> {2}: {3}")
    @MethodSource("checks")
    void automaticChecksDecideOnTheFacts(AutoCheck check, CheckFacts facts, boolean passed, String detail) {
        assertThat(ChecklistRules.check(check, facts)).isEqualTo(new ChecklistRules.Verdict(passed, detail));
    }

    private static ItemState manual(ItemState.Phase phase, String id) {
        return ItemState.open(phase, new ChecklistItem(id, id, null));
    }

    private static ItemState automatic(String id, AutoCheck check) {
        return ItemState.open(ItemState.Phase.PRE, new ChecklistItem(id, id, check));
    }

    @Test
    void evaluationTouchesOnlyAutomaticPreItems() {
        var items = List.of(manual(ItemState.Phase.PRE, "tests"), automatic("registered", AutoCheck.VERSION_EXISTS),
                manual(ItemState.Phase.POST, "smoke"));
        var after = ChecklistRules.evaluate(items, facts(VersionLookup.notFound("no"), null, null), NOW);
        assertThat(after).extracting(ItemState::status).containsExactly(ItemState.Status.OPEN,
                ItemState.Status.FAILED, ItemState.Status.OPEN);
        assertThat(after.get(1).at()).isEqualTo(NOW);
    }

    static Stream<Arguments> waits() {
        var tests = manual(ItemState.Phase.PRE, "tests");
        var backup = manual(ItemState.Phase.PRE, "backup");
        var failed = automatic("registered", AutoCheck.VERSION_EXISTS).evaluated(false, "not registered", NOW);
        var passed = automatic("registered", AutoCheck.VERSION_EXISTS).evaluated(true, "registered", NOW);
        var smoke = manual(ItemState.Phase.POST, "smoke");
        return Stream.of(
                // nothing to wait for
                Arguments.of(List.of(), null),
                // post items never hold a deployment back
                Arguments.of(List.of(passed, smoke), null),
                // manual items to confirm, in the policy's order
                Arguments.of(List.of(tests, backup, passed), "checklist to confirm: tests, backup"),
                // a confirmed one is done
                Arguments.of(List.of(tests.confirmed("bob", null, NOW), backup), "checklist to confirm: backup"),
                // a failed automatic check, with why
                Arguments.of(List.of(failed), "checklist registered failed: not registered"),
                // both
                Arguments.of(List.of(failed, tests), "checklist to confirm: tests; registered failed: not registered"));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("waits")
    void theReasonADeploymentWaitsNamesEveryItemNotDone(List<ItemState> items, String reason) {
        assertThat(ChecklistRules.waitReason(items)).isEqualTo(reason);
        assertThat(ChecklistRules.preComplete(items)).isEqualTo(reason == null);
    }

    static Stream<Arguments> confirmations() {
        var pre = manual(ItemState.Phase.PRE, "tests");
        var post = manual(ItemState.Phase.POST, "smoke");
        return Stream.of(
                // a pre item while the deployment waits
                Arguments.of(DeploymentStatus.PENDING, pre, null),
                // too late once it runs
                Arguments.of(DeploymentStatus.RUNNING, pre, "checklist item 'tests' is a pre-deployment item and the"
                        + " deployment is RUNNING: it is too late to confirm it"),
                // a post item after success
                Arguments.of(DeploymentStatus.SUCCEEDED, post, null),
                // not before
                Arguments.of(DeploymentStatus.PENDING, post, "checklist item 'smoke' is a post-deployment item: it is"
                        + " confirmed once the deployment SUCCEEDED (it is PENDING)"),
                // nor after a failure
                Arguments.of(DeploymentStatus.FAILED, post, "checklist item 'smoke' is a post-deployment item: it is"
                        + " confirmed once the deployment SUCCEEDED (it is FAILED)"),
                // once only
                Arguments.of(DeploymentStatus.PENDING, pre.confirmed("bob", null, NOW), "checklist item 'tests' was"
                        + " confirmed already by bob at " + NOW),
                // people do not confirm automatic items
                Arguments.of(DeploymentStatus.PENDING, automatic("registered", AutoCheck.VERSION_EXISTS)
                        .evaluated(false, "not registered", NOW), "checklist item 'registered' is checked"
                        + " automatically (version-exists, FAILED: not registered); evaluate it again instead"
                        + " (POST .../checklist/evaluate)"));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("confirmations")
    void whoMayConfirmWhatWhen(DeploymentStatus status, ItemState item, String refusal) {
        assertThat(ChecklistRules.refusal(status, item)).isEqualTo(refusal);
    }

    @Test
    void thePendingStepSaysWhatIsLeftOrThatItStarts() {
        var tests = manual(ItemState.Phase.PRE, "tests");
        var done = tests.confirmed("bob", null, NOW);
        // approvals and checklist both missing
        assertThat(ChecklistRules.pendingStep("waiting for approval: 0/1 by admin", List.of(tests), null, NOW))
                .isEqualTo("waiting for approval: 0/1 by admin; waiting for checklist to confirm: tests");
        // only approvals
        assertThat(ChecklistRules.pendingStep("waiting for approval: 0/1 by admin", List.of(done), null, NOW))
                .isEqualTo("waiting for approval: 0/1 by admin");
        // ready now, or at its time
        assertThat(ChecklistRules.pendingStep(null, List.of(done), null, NOW)).isEqualTo("checklist complete: starting");
        assertThat(ChecklistRules.pendingStep(null, List.of(done), NOW.plusSeconds(60), NOW))
                .isEqualTo("checklist complete; scheduled for " + NOW.plusSeconds(60));
    }
}
