package io.releasecontrol.deploy.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.releasecontrol.events.Strategy;
import io.releasecontrol.runtime.problem.ProblemException;
import io.releasecontrol.runtime.problem.ProblemException.FieldError;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/** Create requests: one row per kind of bad input, with the field and message the client gets. */
class DeploymentRequestValidatorTest {

    private static final Set<String> EXECUTORS = Set.of("script", "simulated");

    private static DeploymentRequests.Create request(String strategy, DeploymentRequests.Canary canary, String executor,
            String version) {
        return DeploymentRequests.Create.builder().application("shop").environment("prod").version(version)
                .strategy(strategy).canary(canary).executor(executor).build();
    }

    static Stream<Arguments> bad() {
        return Stream.of(
                Arguments.of(request("big-bang", null, null, "1.0.0"), "strategy",
                        "unknown strategy 'big-bang' (expected rolling, blue-green or canary)"),
                Arguments.of(request(null, null, "ansible", "1.0.0"), "executor",
                        "unknown executor 'ansible' (expected script or simulated)"),
                Arguments.of(request(null, null, null, null), "version", "is required (or give branch and/or commit)"),
                Arguments.of(request("canary", new DeploymentRequests.Canary(List.of(50, 10, 100), null, null), null,
                        "1.0.0"), "canary.steps", "steps must be strictly increasing, got [50, 10, 100]"),
                Arguments.of(request("canary", new DeploymentRequests.Canary(List.of(10, 50), null, null), null,
                        "1.0.0"), "canary.steps", "the last step must be 100, got 50"),
                Arguments.of(request("canary", new DeploymentRequests.Canary(null, "30s", null), null, "1.0.0"),
                        "canary.pause", "must be an ISO-8601 duration such as PT30S, or \"manual\", got '30s'"),
                // a pause the runner could not add to a time: refused when given, not a 500 at the step
                Arguments.of(request("canary", new DeploymentRequests.Canary(null, "PT9223372036854775807S", null), null,
                        "1.0.0"), "canary.pause", "must be between PT0S and PT168H (or \"manual\"), got "
                        + "PT9223372036854775807S"),
                Arguments.of(request("rolling", new DeploymentRequests.Canary(null, null, null), null, "1.0.0"),
                        "canary", "only for strategy canary (strategy is rolling)"));
    }

    @ParameterizedTest(name = "{1}: {2}")
    @MethodSource("bad")
    void namesTheBadFieldPrecisely(DeploymentRequests.Create request, String field, String message) {
        assertThatThrownBy(() -> DeploymentRequestValidator.validate(request, "alice", EXECUTORS))
                .isInstanceOf(ProblemException.class)
                .satisfies(e -> assertThat(((ProblemException) e).extensions().get("errors"))
                        .isEqualTo(List.of(new FieldError(field, message))));
    }

    @Test
    void defaultsToARollingSimulatedDeploymentAndTakesTheRequesterFromTheIdentity() {
        var d = DeploymentRequestValidator.validate(request(null, null, null, "1.0.0"), "alice", EXECUTORS);
        assertThat(d.strategy()).isEqualTo(Strategy.ROLLING);
        assertThat(d.executor()).isEqualTo("simulated");
        assertThat(d.requestedBy()).isEqualTo("alice");
        assertThat(d.canary()).isNull();
    }

    @Test
    void readsACanaryPlanWithTimedOrManualPauses() {
        var timed = DeploymentRequestValidator.validate(request("canary",
                new DeploymentRequests.Canary(List.of(5, 100), "PT30S", null), null, "1.0.0"), "a", EXECUTORS);
        assertThat(timed.canary().pause()).isEqualTo(Duration.ofSeconds(30));
        var manual = DeploymentRequestValidator.validate(request("canary",
                new DeploymentRequests.Canary(null, "manual", null), null, "1.0.0"), "a", EXECUTORS);
        assertThat(manual.canary().manualPromotion()).isTrue();
        assertThat(manual.canary().steps()).containsExactly(10, 50, 100);
    }

    @Test
    void buildsTheVersionFromBranchAndCommitWhenNoVersionIsGiven() {
        var r = DeploymentRequests.Create.builder().application("shop").environment("prod").branch("main")
                .commit("3f2a9c1").build();
        assertThat(DeploymentRequestValidator.validate(r, "a", EXECUTORS).version()).isEqualTo("main@3f2a9c1");
    }
}
