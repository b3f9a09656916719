package io.releasecontrol.orchestrator.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import io.releasecontrol.events.EventFixtures;
import io.releasecontrol.events.Topics;
import io.releasecontrol.events.alert.AlertEvent;
import io.releasecontrol.orchestrator.decision.DecisionService;
import io.releasecontrol.orchestrator.decision.Trigger;
import io.releasecontrol.orchestrator.saga.SagaService;
import io.releasecontrol.runtime.UnhandledSubtypeException;
import io.releasecontrol.runtime.inbox.ProcessedEvents;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import reactor.core.publisher.Mono;

/** Every kind of AlertEvent has its own branch in AlertListener; none falls into the unknown one. */
class AlertDispatchTest {

    static Stream<String> alertTypes() {
        return EventFixtures.typesOf(AlertEvent.class);
    }

    @Test
    void theFixturesHoldEveryPermittedAlertEvent() {
        EventFixtures.assertFixtureForEveryLeaf(AlertEvent.class);
    }

    // the collaborators answer nothing: only which branch the event takes matters here
    @ParameterizedTest
    @MethodSource("alertTypes")
    void onHasABranchFor(String type) {
        ProcessedEvents processed = mock(ProcessedEvents.class);
        DecisionService decisions = mock(DecisionService.class);
        SagaService sagas = mock(SagaService.class);
        when(processed.processOnce(any(), any(), any(), any())).thenReturn(Mono.just(true));
        when(decisions.decideUnlessRunning(any(Trigger.class))).thenReturn(Mono.empty());
        when(sagas.advance(any(), any(), any(), any())).thenReturn(Mono.empty());
        var record = EventFixtures.record(Topics.ALERTS, type);

        Throwable thrown = catchThrowable(() -> new AlertListener(processed, decisions, sagas).on(record));

        assertThat(thrown instanceof UnhandledSubtypeException).as("%s took the unknown branch", type).isFalse();
    }
}
