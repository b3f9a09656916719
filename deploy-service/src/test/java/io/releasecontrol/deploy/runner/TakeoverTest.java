package io.releasecontrol.deploy.runner;

import static org.assertj.core.api.Assertions.assertThat;

import io.releasecontrol.deploy.runner.Takeover.Action;
import io.releasecontrol.deploy.strategy.Step;
import io.releasecontrol.deploy.strategy.Step.Kind;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** What a live instance does with a deployment whose lease it claimed: pure, one row per case. */
class TakeoverTest {

    /** A canary's plan: every kind of step once. */
    private static final List<Step> PLAN = List.of(
            new Step("deploy canary instances", Kind.DEPLOY, 10, null),
            new Step("canary 10%", Kind.SHIFT_TRAFFIC, 30, 10),
            new Step("health check at 10%", Kind.HEALTH_CHECK, 40, null),
            new Step("analysis at 10%", Kind.ANALYSIS, 50, null),
            new Step("pause PT30S at 10%", Kind.PAUSE, 60, null),
            new Step("canary 100%", Kind.SHIFT_TRAFFIC, 90, 100),
            new Step(Step.PROMOTE_TO_STABLE, Kind.PROMOTE, 100, 100));

    static Stream<Arguments> cases() {
        return Stream.of(
                // the simulated executor walks an interrupted deploy step again
                Arguments.of(0, true, Action.RESUME, "deploy canary instances"),
                // a script not declared idempotent is never run twice: the deployment fails at once
                Arguments.of(0, false, Action.FAIL_SCRIPT_NOT_IDEMPOTENT, "deploy canary instances"),
                // a traffic step runs the script too
                Arguments.of(1, false, Action.FAIL_SCRIPT_NOT_IDEMPOTENT, "canary 10%"),
                // interrupted in a health check: no script ran in it, so even a non-idempotent one resumes
                Arguments.of(2, false, Action.RESUME, "health check at 10%"),
                // waiting for evidence: the wait starts again
                Arguments.of(3, false, Action.RESUME, "analysis at 10%"),
                // a canary pause (say, paused for a manual promotion for hours) survives a restart
                Arguments.of(4, false, Action.RESUME, "pause PT30S at 10%"),
                // the promotion installs on the stable servers through the script too
                Arguments.of(6, false, Action.FAIL_SCRIPT_NOT_IDEMPOTENT, Step.PROMOTE_TO_STABLE),
                Arguments.of(6, true, Action.RESUME, Step.PROMOTE_TO_STABLE),
                // every step done, only the end left: it just succeeds
                Arguments.of(7, false, Action.RESUME, null));
    }

    @ParameterizedTest(name = "step {0}, executor re-enters: {1} -> {2}")
    @MethodSource("cases")
    void resumesUnlessTheInterruptedStepRanAScriptThatIsNotIdempotent(int stepIndex, boolean reenters,
            Action expected, String interrupted) {
        var takeover = Takeover.decide(PLAN, stepIndex, reenters, "deploy-1");

        assertThat(takeover.action()).isEqualTo(expected);
        assertThat(takeover.interrupted() == null ? null : takeover.interrupted().name()).isEqualTo(interrupted);
    }

    @ParameterizedTest
    @MethodSource("cases")
    void saysWhoStoppedWhereAndWhyInOneLine(int stepIndex, boolean reenters, Action expected, String step) {
        String text = Takeover.decide(PLAN, stepIndex, reenters, "deploy-1").describe("production", "deploy-2");

        assertThat(text).contains("instance deploy-1 stopped renewing its lease");
        if (expected == Action.RESUME) {
            assertThat(text).startsWith("resumed by instance deploy-2 ");
        } else {
            assertThat(text).startsWith("the instance running it died and the script is not declared idempotent")
                    .contains("at step '" + step + "'")
                    .contains("rc.deploy.environments.production.script-idempotent");
        }
    }
}
