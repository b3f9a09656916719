package io.releasecontrol.orchestrator.saga;

import io.releasecontrol.events.EventEnvelope;
import io.releasecontrol.events.saga.RollbackSagaEvent;
import reactor.core.publisher.Mono;

/**
 * What a saga's events tell people, as the saga needs it: each notification is written in the
 * saga's own transaction, so there is exactly one per state change. The notify feature implements
 * it (and renders from {@link SagaState}); owned here so that the saga depends on no notify code.
 */
public interface SagaNotifications {

    /** The webhook body for the event (dedup key: the event id); null when nobody is told about it. */
    String payload(SagaState saga, EventEnvelope<? extends RollbackSagaEvent> event);

    /** Queues the event's notification, when it has one, in the caller's transaction. */
    Mono<Void> enqueue(SagaState saga, EventEnvelope<? extends RollbackSagaEvent> event);
}
