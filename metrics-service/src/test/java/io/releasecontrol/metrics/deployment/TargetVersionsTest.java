package io.releasecontrol.metrics.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import io.releasecontrol.events.DeploymentId;
import io.releasecontrol.events.Strategy;
import io.releasecontrol.events.deployment.DeployCancelled;
import io.releasecontrol.events.deployment.DeployFailed;
import io.releasecontrol.events.deployment.DeployProgressed;
import io.releasecontrol.events.deployment.DeployRequested;
import io.releasecontrol.events.deployment.DeployStarted;
import io.releasecontrol.events.deployment.DeploySucceeded;
import io.releasecontrol.events.deployment.DeploymentEvent;
import io.releasecontrol.events.deployment.TrafficShifted;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Which versions a target runs after a script of its deployment events. */
class TargetVersionsTest {

    static final DeploymentId FIRST = new DeploymentId(UUID.randomUUID());
    static final DeploymentId SECOND = new DeploymentId(UUID.randomUUID());
    static final DeploymentId THIRD = new DeploymentId(UUID.randomUUID());

    static DeployStarted started(DeploymentId id, long seq, String version, String previous) {
        return new DeployStarted(id, "shop", "production", version, previous, Strategy.CANARY, Instant.EPOCH, seq);
    }

    static DeploySucceeded succeeded(DeploymentId id, long seq, String version) {
        return new DeploySucceeded(id, "shop", "production", version, null, null, Instant.EPOCH, Duration.ZERO, seq);
    }

    static DeployFailed failed(DeploymentId id, long seq, String version) {
        return new DeployFailed(id, "shop", "production", version, "deploy", "boom", Instant.EPOCH, seq);
    }

    static DeployCancelled cancelled(DeploymentId id, long seq, String version) {
        return new DeployCancelled(id, "shop", "production", version, "alice", "no", Instant.EPOCH, seq);
    }

    static TrafficShifted shifted(DeploymentId id, long seq, String stable, String next, int percent) {
        return new TrafficShifted(id, "shop", "production", stable, next, 100 - percent, percent, "step", seq);
    }

    static Stream<Arguments> scripts() {
        return Stream.of(
                // nothing known: nothing to pull
                Arguments.of("nothing", List.of(), List.of()),
                // a deployment running beside the stable version: both
                Arguments.of("canaryRunning", List.of(succeeded(FIRST, 1, "1.0.0"), started(SECOND, 2, "1.1.0", "1.0.0")),
                        List.of("1.0.0", "1.1.0")),
                // its success: the new version only
                Arguments.of("canarySucceeded", List.of(succeeded(FIRST, 1, "1.0.0"), started(SECOND, 2, "1.1.0",
                        "1.0.0"), shifted(SECOND, 2, "1.0.0", "1.1.0", 50), succeeded(SECOND, 2, "1.1.0")),
                        List.of("1.1.0")),
                // a failure or a cancellation: the stable version stays
                Arguments.of("canaryFailed", List.of(succeeded(FIRST, 1, "1.0.0"), started(SECOND, 2, "1.1.0", "1.0.0"),
                        failed(SECOND, 2, "1.1.0")), List.of("1.0.0")),
                Arguments.of("canaryCancelled", List.of(succeeded(FIRST, 1, "1.0.0"), started(SECOND, 2, "1.1.0",
                        "1.0.0"), cancelled(SECOND, 2, "1.1.0")), List.of("1.0.0")),
                // the first deployment of a target: its version only, once it started
                Arguments.of("firstDeployment", List.of(started(FIRST, 1, "1.0.0", null)), List.of("1.0.0")),
                // a start that was missed: the traffic shift names both versions
                Arguments.of("missedStart", List.of(succeeded(FIRST, 1, "1.0.0"), shifted(SECOND, 2, "1.0.0", "1.1.0",
                        10)), List.of("1.0.0", "1.1.0")),
                // a blue-green deployment switched back after it succeeded: the old colour again
                Arguments.of("switchedBack", List.of(succeeded(FIRST, 1, "1.0.0"), started(SECOND, 2, "1.1.0", "1.0.0"),
                        succeeded(SECOND, 2, "1.1.0"), shifted(SECOND, 2, "1.0.0", "1.1.0", 0)), List.of("1.0.0")),
                // an older deployment's late event changes nothing
                Arguments.of("olderEventIgnored", List.of(started(SECOND, 2, "1.1.0", "1.0.0"), succeeded(FIRST, 1,
                        "0.9.0")), List.of("1.0.0", "1.1.0")),
                // another deployment's cancellation (it never started) leaves the running one running
                Arguments.of("otherCancelled", List.of(started(SECOND, 2, "1.1.0", "1.0.0"), cancelled(THIRD, 3,
                        "1.2.0")), List.of("1.0.0", "1.1.0")),
                // a rollback: a deployment of the old version that succeeds
                Arguments.of("rolledBack", List.of(succeeded(SECOND, 2, "1.1.0"), started(THIRD, 3, "1.0.0", "1.1.0"),
                        succeeded(THIRD, 3, "1.0.0")), List.of("1.0.0")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scripts")
    void runsTheVersionsTheEventsLeave(String name, List<DeploymentEvent> events, List<String> versions) {
        TargetVersions state = TargetVersions.NONE;
        for (DeploymentEvent e : events) {
            state = state.apply(e);
        }
        assertThat(state.versions()).isEqualTo(versions);
    }

    @Test
    void anEventAppliedTwiceChangesNothingMore() {
        TargetVersions once = TargetVersions.NONE.apply(succeeded(FIRST, 1, "1.0.0")).apply(started(SECOND, 2, "1.1.0",
                "1.0.0"));
        assertThat(once.apply(started(SECOND, 2, "1.1.0", "1.0.0"))).isEqualTo(once);
        // requests, progress: nothing runs differently
        assertThat(once.apply(new DeployRequested(THIRD, "shop", "production", "1.2.0", Strategy.ROLLING, "simulated",
                List.of(), "bob", null, null, 3L))).isEqualTo(once);
        assertThat(once.apply(new DeployProgressed(SECOND, "shop", "production", "1.1.0", 50, "canary", 2L)))
                .isEqualTo(once);
    }

    @Test
    void theViewKeepsEveryTargetApart() {
        RunningVersions view = new RunningVersions();
        view.apply(succeeded(FIRST, 1, "1.0.0"));
        view.apply(new DeploySucceeded(SECOND, "cart", "staging", "3.0.0", null, null, Instant.EPOCH, Duration.ZERO,
                1L));
        assertThat(view.versions("shop", "production")).containsExactly("1.0.0");
        assertThat(view.targets()).extracting(RunningVersions.Target::application, RunningVersions.Target::environment)
                .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple("shop", "production"),
                        org.assertj.core.groups.Tuple.tuple("cart", "staging"));
    }
}
