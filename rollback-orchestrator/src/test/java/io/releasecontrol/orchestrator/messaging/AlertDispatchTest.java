package io.releasecontrol.orchestrator.messaging;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import io.releasecontrol.events.EventEnvelope;
import io.releasecontrol.events.RcEvent;
import io.releasecontrol.events.alert.AlertEvent;
import io.releasecontrol.orchestrator.decision.DecisionService;
import io.releasecontrol.orchestrator.decision.Trigger;
import io.releasecontrol.orchestrator.saga.SagaService;
import io.releasecontrol.runtime.inbox.ProcessedEvents;
import io.releasecontrol.runtime.testsupport.EventDispatchContract;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import reactor.core.publisher.Mono;

/** Every kind of AlertEvent has its own branch in AlertListener; none falls into the unknown one. */
class AlertDispatchTest extends EventDispatchContract {

    AlertDispatchTest() {
        super(AlertEvent.class);
    }

    // the collaborators answer nothing: only which branch the event takes matters here
    @Override
    protected void deliver(ConsumerRecord<String, EventEnvelope<RcEvent>> record) {
        ProcessedEvents processed = mock(ProcessedEvents.class);
        DecisionService decisions = mock(DecisionService.class);
        SagaService sagas = mock(SagaService.class);
        when(processed.processOnce(any(), any(), any(), any())).thenReturn(Mono.just(true));
        when(decisions.decideUnlessRunning(any(Trigger.class))).thenReturn(Mono.empty());
        when(sagas.advance(any(), any(), any(), any())).thenReturn(Mono.empty());
        new AlertListener(processed, decisions, sagas).on(record);
    }
}
