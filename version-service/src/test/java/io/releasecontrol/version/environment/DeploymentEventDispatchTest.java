package io.releasecontrol.version.environment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import io.releasecontrol.events.EventFixtures;
import io.releasecontrol.events.Topics;
import io.releasecontrol.events.deployment.DeploymentEvent;
import io.releasecontrol.runtime.UnhandledSubtypeException;
import io.releasecontrol.runtime.inbox.ProcessedEvents;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import reactor.core.publisher.Mono;

/** Every kind of DeploymentEvent is handled or named as ignored by DeploymentEventListener; none is unknown. */
class DeploymentEventDispatchTest {

    static Stream<String> deploymentTypes() {
        return EventFixtures.typesOf(DeploymentEvent.class);
    }

    @Test
    void theFixturesHoldEveryPermittedDeploymentEvent() {
        EventFixtures.assertFixtureForEveryLeaf(DeploymentEvent.class);
    }

    // the collaborators answer nothing: only which branch the event takes matters here
    @ParameterizedTest
    @MethodSource("deploymentTypes")
    void onHandlesOrIgnores(String type) {
        ProcessedEvents processed = mock(ProcessedEvents.class);
        DeploymentOutcomes outcomes = mock(DeploymentOutcomes.class);
        when(processed.processOnce(any(), any(), any(), any())).thenReturn(Mono.just(true));
        var record = EventFixtures.record(Topics.DEPLOYMENTS, type);

        Throwable thrown = catchThrowable(() -> new DeploymentEventListener(processed, outcomes).on(record));

        assertThat(thrown instanceof UnhandledSubtypeException).as("%s took the unknown branch", type).isFalse();
    }
}
