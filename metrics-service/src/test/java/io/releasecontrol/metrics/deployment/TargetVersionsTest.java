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
        return started(id, seq, version, previous, Strategy.CANARY);
    }

    static DeployStarted started(DeploymentId id, long seq, String version, String previous, Strategy strategy) {
        return new DeployStarted(id, "shop", "production", version, previous, strategy, Instant.EPOCH, seq);
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

    static Stream<Arguments> roles() {
        return Stream.of(
                // a running canary: its version behind the canary server, the stable one behind the stable server
                Arguments.of("canaryStarted", List.of(succeeded(FIRST, 1, "1.0.0"), started(SECOND, 2, "1.1.0",
                        "1.0.0")), List.of("1.0.0 stable", "1.1.0 canary")),
                // its traffic steps keep it the canary
                Arguments.of("canaryShifted", List.of(succeeded(FIRST, 1, "1.0.0"), started(SECOND, 2, "1.1.0",
                        "1.0.0"), shifted(SECOND, 2, "1.0.0", "1.1.0", 50)), List.of("1.0.0 stable", "1.1.0 canary")),
                // rolling and blue-green deployments have no canary server: both versions stable
                Arguments.of("rollingStarted", List.of(succeeded(FIRST, 1, "1.0.0"), started(SECOND, 2, "1.1.0",
                        "1.0.0", Strategy.ROLLING)), List.of("1.0.0 stable", "1.1.0 stable")),
                Arguments.of("blueGreenStarted", List.of(succeeded(FIRST, 1, "1.0.0"), started(SECOND, 2, "1.1.0",
                        "1.0.0", Strategy.BLUE_GREEN)), List.of("1.0.0 stable", "1.1.0 stable")),
                // a target's first deployment, a canary: its only version is the canary
                Arguments.of("firstCanary", List.of(started(FIRST, 1, "1.0.0", null)), List.of("1.0.0 canary")),
                // the canary succeeded: its version is the stable one
                Arguments.of("canarySucceeded", List.of(succeeded(FIRST, 1, "1.0.0"), started(SECOND, 2, "1.1.0",
                        "1.0.0"), shifted(SECOND, 2, "1.0.0", "1.1.0", 100), succeeded(SECOND, 2, "1.1.0")),
                        List.of("1.1.0 stable")),
                // the canary failed or was cancelled: only the stable version is left
                Arguments.of("canaryFailed", List.of(succeeded(FIRST, 1, "1.0.0"), started(SECOND, 2, "1.1.0",
                        "1.0.0"), failed(SECOND, 2, "1.1.0")), List.of("1.0.0 stable")),
                Arguments.of("canaryCancelled", List.of(succeeded(FIRST, 1, "1.0.0"), started(SECOND, 2, "1.1.0",
                        "1.0.0"), cancelled(SECOND, 2, "1.1.0")), List.of("1.0.0 stable")),
                // the rollback after a failed canary is a rolling deployment: both stable
                Arguments.of("rollbackIsRolling", List.of(started(SECOND, 2, "1.1.0", "1.0.0"), failed(SECOND, 2,
                        "1.1.0"), started(THIRD, 3, "1.0.0", "1.1.0", Strategy.ROLLING)),
                        List.of("1.1.0 stable", "1.0.0 stable")),
                // an older deployment's late start or success changes nothing
                Arguments.of("olderStartIgnored", List.of(started(SECOND, 2, "1.1.0", "1.0.0"), started(FIRST, 1,
                        "0.9.0", "0.8.0", Strategy.ROLLING)), List.of("1.0.0 stable", "1.1.0 canary")),
                Arguments.of("olderSuccessIgnored", List.of(started(SECOND, 2, "1.1.0", "1.0.0"), succeeded(FIRST, 1,
                        "0.9.0")), List.of("1.0.0 stable", "1.1.0 canary")),
                // another deployment's cancellation leaves the canary the canary
                Arguments.of("otherCancelled", List.of(started(SECOND, 2, "1.1.0", "1.0.0"), cancelled(THIRD, 3,
                        "1.2.0")), List.of("1.0.0 stable", "1.1.0 canary")),
                // a missed start: the shift carries no strategy, and a rolling batch shifts to 50 % too
                Arguments.of("missedStart", List.of(succeeded(FIRST, 1, "1.0.0"), shifted(SECOND, 2, "1.0.0", "1.1.0",
                        50)), List.of("1.0.0 stable", "1.1.0 unknown")),
                // a shift of a newer deployment than the running one does not inherit the running one's strategy
                Arguments.of("newerShift", List.of(started(SECOND, 2, "1.1.0", "1.0.0", Strategy.ROLLING),
                        shifted(THIRD, 3, "1.1.0", "1.2.0", 5)), List.of("1.1.0 stable", "1.2.0 unknown")),
                // its success ends the doubt: the version is the stable one
                Arguments.of("missedStartSucceeded", List.of(succeeded(FIRST, 1, "1.0.0"), shifted(SECOND, 2, "1.0.0",
                        "1.1.0", 50), succeeded(SECOND, 2, "1.1.0")), List.of("1.1.0 stable")),
                // a blue-green deployment switched back after it succeeded: the old colour, stable
                Arguments.of("switchedBack", List.of(succeeded(FIRST, 1, "1.0.0"), started(SECOND, 2, "1.1.0", "1.0.0",
                        Strategy.BLUE_GREEN), succeeded(SECOND, 2, "1.1.0"), shifted(SECOND, 2, "1.0.0", "1.1.0", 0)),
                        List.of("1.0.0 stable")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("roles")
    void eachVersionRunsBehindTheServerItsDeploymentGivesIt(String name, List<DeploymentEvent> events,
            List<String> roles) {
        TargetVersions state = TargetVersions.NONE;
        for (DeploymentEvent e : events) {
            state = state.apply(e);
        }
        TargetVersions last = state;
        assertThat(state.versions()).map(v -> v + " " + last.role(v).map(ServerRole::wire).orElse("unknown"))
                .isEqualTo(roles);
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

    @Test
    void theViewTellsEachVersionsRoleAndLeavesOutAnUnknownOne() {
        RunningVersions view = new RunningVersions();
        view.apply(succeeded(FIRST, 1, "1.0.0"));
        view.apply(started(SECOND, 2, "1.1.0", "1.0.0"));
        RunningVersions.Target shop = view.targets().get(0);
        assertThat(shop.versions()).containsExactly("1.0.0", "1.1.0");
        assertThat(shop.role("1.1.0")).contains(ServerRole.CANARY);
        assertThat(shop.role("1.0.0")).contains(ServerRole.STABLE);

        // a newer deployment known only from its traffic shift: listed, its role not known
        view.apply(shifted(THIRD, 3, "1.1.0", "1.2.0", 5));
        RunningVersions.Target after = view.targets().get(0);
        assertThat(after.versions()).containsExactly("1.1.0", "1.2.0");
        assertThat(after.roles()).containsExactly(java.util.Map.entry("1.1.0", ServerRole.STABLE));
        assertThat(after.role("1.2.0")).isEmpty();
    }
}
