package io.releasecontrol.deploy.deployment;

import static io.releasecontrol.deploy.deployment.DeploymentStatus.CANCELLED;
import static io.releasecontrol.deploy.deployment.DeploymentStatus.FAILED;
import static io.releasecontrol.deploy.deployment.DeploymentStatus.PAUSED;
import static io.releasecontrol.deploy.deployment.DeploymentStatus.PENDING;
import static io.releasecontrol.deploy.deployment.DeploymentStatus.RUNNING;
import static io.releasecontrol.deploy.deployment.DeploymentStatus.SUCCEEDED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.releasecontrol.events.Strategy;
import io.releasecontrol.events.deployment.DeployCancelled;
import io.releasecontrol.events.deployment.DeployFailed;
import io.releasecontrol.events.deployment.DeployProgressed;
import io.releasecontrol.events.deployment.DeployStepAnalysed;
import io.releasecontrol.events.deployment.DeployRequested;
import io.releasecontrol.events.deployment.DeployStarted;
import io.releasecontrol.events.deployment.DeploySucceeded;
import io.releasecontrol.events.deployment.TrafficShifted;
import io.releasecontrol.runtime.problem.ProblemException;
import io.releasecontrol.runtime.problem.ProblemType;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/** The state machine, one row per (status, action): what it becomes and what it emits, or why not. */
class DeploymentTest {

    /** An action on a deployment, named for the table. */
    record Action(String name, Function<Deployment, Transition> apply) {
        @Override
        public String toString() {
            return name;
        }
    }

    static final Action START = new Action("start", d -> d.start("2.3.1", null, Deployments.T0));
    static final Action ADVANCE = new Action("advance", d -> d.advance(3, "batch 2/2", 75, 100));
    static final Action PAUSE = new Action("pause", d -> d.pause("bob"));
    static final Action RESUME = new Action("resume", d -> d.resume("bob"));
    static final Action PROMOTE = new Action("promote", d -> d.promote("bob", null, Instant.parse("2026-03-01T10:00:00Z")));
    static final Action SUCCEED = new Action("succeed", d -> d.succeed(Deployments.T0.plusSeconds(90)));
    static final Action FAIL = new Action("fail", d -> d.fail("batch 1/2", "exit 3", 3, Deployments.T0.plusSeconds(5)));
    static final Action CANCEL = new Action("cancel", d -> d.cancel("bob", "wrong version", Deployments.T0.plusSeconds(5)));
    static final Action SHIFT = new Action("shift", d -> d.shiftTraffic(Traffic.toNew(50), "by hand"));

    static Stream<Arguments> allowed() {
        return Stream.of(
                // a pending deployment starts, or ends before it started
                Arguments.of(PENDING, START, RUNNING, List.of(DeployStarted.class)),
                Arguments.of(PENDING, FAIL, FAILED, List.of(DeployFailed.class)),
                Arguments.of(PENDING, CANCEL, CANCELLED, List.of(DeployCancelled.class)),
                // a step that moves traffic announces the shift before the progress
                Arguments.of(RUNNING, ADVANCE, RUNNING, List.of(TrafficShifted.class, DeployProgressed.class)),
                Arguments.of(RUNNING, PAUSE, PAUSED, List.of(DeployProgressed.class)),
                Arguments.of(RUNNING, PROMOTE, RUNNING, List.of(DeployProgressed.class)),
                Arguments.of(RUNNING, SUCCEED, SUCCEEDED, List.of(DeploySucceeded.class)),
                Arguments.of(RUNNING, FAIL, FAILED, List.of(DeployFailed.class)),
                Arguments.of(RUNNING, CANCEL, CANCELLED, List.of(DeployCancelled.class)),
                Arguments.of(RUNNING, SHIFT, RUNNING, List.of(TrafficShifted.class)),
                // a paused canary resumes, is promoted (and runs again), or ends
                Arguments.of(PAUSED, RESUME, RUNNING, List.of(DeployProgressed.class)),
                Arguments.of(PAUSED, PROMOTE, RUNNING, List.of(DeployProgressed.class)),
                Arguments.of(PAUSED, CANCEL, CANCELLED, List.of(DeployCancelled.class)),
                Arguments.of(PAUSED, FAIL, FAILED, List.of(DeployFailed.class)),
                Arguments.of(PAUSED, SHIFT, PAUSED, List.of(TrafficShifted.class)));
    }

    @ParameterizedTest(name = "{0} --{1}--> {2}")
    @MethodSource("allowed")
    void allowedTransitionsChangeStatusAndEmitTheirEvents(DeploymentStatus from, Action action, DeploymentStatus to,
            List<Class<?>> events) {
        Transition t = action.apply().apply(Deployments.in(from, Strategy.CANARY));
        assertThat(t.deployment().status()).isEqualTo(to);
        assertThat(t.events()).extracting(Object::getClass).containsExactlyElementsOf(events);
    }

    static Stream<Arguments> refused() {
        return Stream.of(
                // a running deployment cannot start again; only a running one moves on
                Arguments.of(RUNNING, START), Arguments.of(PENDING, ADVANCE), Arguments.of(PAUSED, ADVANCE),
                Arguments.of(PENDING, PAUSE), Arguments.of(PAUSED, PAUSE), Arguments.of(RUNNING, RESUME),
                Arguments.of(PENDING, SUCCEED), Arguments.of(PAUSED, SUCCEED),
                // nothing leaves a final status
                Arguments.of(SUCCEEDED, CANCEL), Arguments.of(FAILED, CANCEL), Arguments.of(CANCELLED, CANCEL),
                Arguments.of(SUCCEEDED, FAIL), Arguments.of(CANCELLED, START), Arguments.of(FAILED, RESUME),
                Arguments.of(SUCCEEDED, PROMOTE), Arguments.of(FAILED, SHIFT), Arguments.of(CANCELLED, SHIFT));
    }

    @ParameterizedTest(name = "{0} --{1}--> refused")
    @MethodSource("refused")
    void illegalTransitionsAreConflicts(DeploymentStatus from, Action action) {
        assertThatThrownBy(() -> action.apply().apply(Deployments.in(from, Strategy.CANARY)))
                .isInstanceOf(IllegalTransitionException.class)
                .satisfies(e -> assertThat(((ProblemException) e).type()).isEqualTo(ProblemType.CONFLICT));
    }

    @Test
    void onlyACanaryCanBePausedOrPromoted() {
        for (Action action : List.of(PAUSE, PROMOTE)) {
            assertThatThrownBy(() -> action.apply().apply(Deployments.in(RUNNING, Strategy.ROLLING)))
                    .isInstanceOf(ProblemException.class)
                    .satisfies(e -> assertThat(((ProblemException) e).type()).isEqualTo(ProblemType.UNPROCESSABLE))
                    .hasMessageContaining("only a canary can " + action.name());
        }
    }

    @Test
    void anEvidenceGateShowsWhatItWaitsForHoldsAndIsPromotedPastOnlyWithAReason() {
        Instant at = Instant.parse("2026-03-01T10:00:00Z");
        var waiting = Deployments.in(RUNNING, Strategy.ROLLING)
                .awaitEvidence("bake: waiting for evidence: 340 of 1,000 requests at 100.0 %");
        assertThat(waiting.events()).as("waiting is shown, not published").isEmpty();
        Deployment atGate = waiting.deployment();
        assertThat(atGate.state().currentStep()).startsWith("bake: waiting for evidence");

        var pass = atGate.analysed(new StepAnalysis("bake", StepAnalysis.PASS, "passed: 1,200 requests", 1200L, 1000L,
                31L, 30L, "2.3.1", StepAnalysis.GATE), at);
        assertThat(pass.deployment()).isEqualTo(atGate);
        DeployStepAnalysed passed = (DeployStepAnalysed) pass.events().get(0);
        assertThat(passed.verdict()).isEqualTo("pass");
        assertThat(passed.requests()).isEqualTo(1200L);
        assertThat(passed.trafficPercent()).isEqualTo(atGate.state().traffic().newPercent());

        var held = atGate.hold(new StepAnalysis("bake", StepAnalysis.HELD, "no pass within PT10M: 340 of 1,000 requests",
                340L, 1000L, 12L, 30L, null, StepAnalysis.GATE), at);
        assertThat(held.deployment().status()).isEqualTo(PAUSED);
        assertThat(held.deployment().state().currentStep()).isEqualTo("bake: held, no pass within PT10M: 340 of 1,000 requests");
        assertThat(held.events()).extracting(Object::getClass).containsExactly(DeployStepAnalysed.class,
                DeployProgressed.class);

        // past a gate any strategy may be promoted, but only with a reason, which the override records
        assertThatThrownBy(() -> held.deployment().promote("alice", null, at)).isInstanceOf(ProblemException.class)
                .hasMessageContaining("reason: is required to promote past the evidence gate");
        var promoted = held.deployment().promote("alice", "no traffic at night", at);
        assertThat(promoted.deployment().status()).isEqualTo(RUNNING);
        assertThat(promoted.deployment().state().promoted()).isTrue();
        DeployStepAnalysed override = (DeployStepAnalysed) promoted.events().get(0);
        assertThat(override.step()).isEqualTo("bake");
        assertThat(override.verdict()).isEqualTo("overridden");
        assertThat(override.reason()).isEqualTo("no traffic at night");
        assertThat(override.decidedBy()).isEqualTo("alice");
        assertThatThrownBy(() -> Deployments.in(PAUSED, Strategy.CANARY).awaitEvidence("x"))
                .isInstanceOf(IllegalTransitionException.class);
    }

    @Test
    void switchesAFinishedBlueGreenBackButNoOtherFinishedDeployment() {
        // the fast rollback of blue-green: the old colour is kept, so traffic can go back to it
        var back = Deployments.in(SUCCEEDED, Strategy.BLUE_GREEN).shiftTraffic(Traffic.ALL_STABLE, "switch back");
        assertThat(back.deployment().status()).isEqualTo(SUCCEEDED);
        assertThat(back.deployment().state().currentStep()).isEqualTo("switched back to the old colour: switch back");
        assertThat(((TrafficShifted) back.events().get(0)).newPercent()).isZero();
        assertThat(((TrafficShifted) back.events().get(0)).stableVersion()).isEqualTo("2.3.1");
        assertThatThrownBy(() -> Deployments.in(SUCCEEDED, Strategy.ROLLING).shiftTraffic(Traffic.ALL_STABLE, "x"))
                .isInstanceOf(IllegalTransitionException.class);
    }

    @Test
    void theOldColourIsKeptForTheWindowAfterTheDeploymentEnded() {
        // Deployments.in(...) ends at T0 + 60 s
        var done = Deployments.in(SUCCEEDED, Strategy.BLUE_GREEN);
        Instant ended = Deployments.T0.plusSeconds(60);
        assertThat(done.oldColourKept(ended.plus(Duration.ofMinutes(59)), Duration.ofHours(1))).isTrue();
        assertThat(done.oldColourKept(ended.plus(Duration.ofHours(1)), Duration.ofHours(1))).isTrue();
        assertThat(done.oldColourKept(ended.plus(Duration.ofMinutes(61)), Duration.ofHours(1))).isFalse();
        // still running: nothing ended, nothing to be kept yet
        assertThat(Deployments.in(RUNNING, Strategy.BLUE_GREEN).oldColourKept(ended.plus(Duration.ofDays(1)),
                Duration.ofHours(1))).isTrue();
    }

    @Test
    void aFinishedBlueGreenIsOnlySwitchedBackAndOnlyOnce() {
        var done = Deployments.in(SUCCEEDED, Strategy.BLUE_GREEN);
        // moving a finished deployment's traffic anywhere but back is a new deployment's job
        assertThatThrownBy(() -> done.shiftTraffic(Traffic.toNew(50), "halfway"))
                .isInstanceOf(ProblemException.class).hasMessageContaining("only be switched back");
        // switched back already: nothing changes, nothing is published again
        var back = done.shiftTraffic(Traffic.ALL_STABLE, "first").deployment();
        var again = back.shiftTraffic(Traffic.ALL_STABLE, "second");
        assertThat(again.events()).isEmpty();
        assertThat(again.deployment()).isEqualTo(back);
    }

    @Test
    void shiftingARunningCanaryToZeroPausesItAsAPartialRollback() {
        var t = Deployments.in(RUNNING, Strategy.CANARY).shiftTraffic(Traffic.ALL_STABLE, "error rate");
        assertThat(t.deployment().status()).isEqualTo(PAUSED);
        assertThat(t.deployment().state().currentStep()).isEqualTo("partial rollback: canary at 0% (error rate)");
        assertThat(t.events()).extracting(Object::getClass).containsExactly(TrafficShifted.class, DeployProgressed.class);
    }

    @Test
    void stampsTheTargetSequenceOnEveryEventAndTheDurationOnSuccess() {
        var requested = Deployment.request(Deployments.spec(Strategy.CANARY));
        var event = (DeployRequested) requested.events().get(0);
        assertThat(event.sequence()).isEqualTo(7L);
        assertThat(event.canarySteps()).containsExactly(10, 50, 100);
        assertThat(event.deploymentId().value()).isEqualTo(requested.deployment().spec().id());

        var succeeded = (DeploySucceeded) SUCCEED.apply().apply(Deployments.in(RUNNING, Strategy.ROLLING)).events().get(0);
        assertThat(succeeded.sequence()).isEqualTo(7L);
        assertThat(succeeded.duration()).isEqualTo(Duration.ofSeconds(90));
        assertThat(succeeded.previousVersion()).isEqualTo("2.3.1");
    }

    @Test
    void neverLowersProgressAndSucceedsAtOneHundred() {
        var d = Deployments.in(RUNNING, Strategy.ROLLING);
        assertThat(d.advance(3, "health", 10, null).deployment().state().progress()).isEqualTo(40);
        assertThat(d.succeed(Deployments.T0).deployment().state().progress()).isEqualTo(100);
    }
}
