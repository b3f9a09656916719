package io.releasecontrol.metrics.deployment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.releasecontrol.events.EventFixtures;
import io.releasecontrol.events.Topics;
import io.releasecontrol.events.deployment.DeploymentEvent;
import io.releasecontrol.runtime.UnhandledSubtypeException;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every kind of DeploymentEvent is folded or named as ignored by TargetVersions (via the listener); none is unknown. */
class RunningVersionsDispatchTest {

    static Stream<String> deploymentTypes() {
        return EventFixtures.typesOf(DeploymentEvent.class);
    }

    @Test
    void theFixturesHoldEveryPermittedDeploymentEvent() {
        EventFixtures.assertFixtureForEveryLeaf(DeploymentEvent.class);
    }

    // the fold is pure and in memory: no collaborator to stand in for
    @ParameterizedTest
    @MethodSource("deploymentTypes")
    void onFoldsOrIgnores(String type) {
        var record = EventFixtures.record(Topics.DEPLOYMENTS, type);

        Throwable thrown = catchThrowable(() -> new DeploymentListener(new RunningVersions()).on(record));

        assertThat(thrown).as("%s", type).isNull();
    }
}
