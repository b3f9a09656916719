package io.releasecontrol.orchestrator.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.RETURNS_DEEP_STUBS;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import io.releasecontrol.events.EventEnvelope;
import io.releasecontrol.events.EventFixtures;
import io.releasecontrol.events.RcEvent;
import io.releasecontrol.events.deployment.DeploymentEvent;
import io.releasecontrol.orchestrator.deployment.DeploymentStates;
import io.releasecontrol.orchestrator.saga.SagaService;
import io.releasecontrol.orchestrator.target.LastGoodCache;
import io.releasecontrol.runtime.UnhandledSubtypeException;
import io.releasecontrol.runtime.inbox.ProcessedEvents;
import io.releasecontrol.runtime.testsupport.EventDispatchContract;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.r2dbc.core.DatabaseClient;
import reactor.core.publisher.Mono;

/**
 * Every kind of DeploymentEvent is handled or named as ignored by DeploymentListener (its saga
 * input) and by DeploymentStates (the target's row); none is unknown.
 */
class DeploymentDispatchTest extends EventDispatchContract {

    DeploymentDispatchTest() {
        super(DeploymentEvent.class);
    }

    // the collaborators answer nothing: only which branch the event takes matters here
    @Override
    protected void deliver(ConsumerRecord<String, EventEnvelope<RcEvent>> record) {
        ProcessedEvents processed = mock(ProcessedEvents.class);
        DeploymentStates states = mock(DeploymentStates.class);
        LastGoodCache cache = mock(LastGoodCache.class);
        SagaService sagas = mock(SagaService.class);
        when(processed.processOnce(any(), any(), any(), any())).thenReturn(Mono.just(true));
        when(states.apply(any(), any())).thenReturn(Mono.empty());
        when(states.finishedBlueGreen(any())).thenReturn(Mono.just(false));
        when(cache.good(any(), any(), any(), any())).thenReturn(Mono.empty());
        when(cache.bad(any(), any(), any(), any())).thenReturn(Mono.empty());
        when(sagas.advance(any(), any(), any(), any())).thenReturn(Mono.empty());
        new DeploymentListener(processed, states, cache, sagas).on(record);
    }

    // the database answers stubs: the fold's branch is chosen before anything runs
    @ParameterizedTest
    @MethodSource("memberTypes")
    void statesApplyHandlesOrIgnores(String type) {
        var states = new DeploymentStates(mock(DatabaseClient.class, RETURNS_DEEP_STUBS));
        var event = (DeploymentEvent) EventFixtures.event(type);

        Throwable thrown = catchThrowable(() -> states.apply(event, EventFixtures.AT));

        assertThat(thrown instanceof UnhandledSubtypeException).as("%s took the unknown branch", type).isFalse();
    }
}
