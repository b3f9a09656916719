package io.releasecontrol.events.saga;

import io.releasecontrol.events.EventType;
import io.releasecontrol.events.SagaId;
import java.time.Instant;

/** One step of a saga ended; {@code status} is succeeded, failed or skipped. */
@EventType("io.releasecontrol.rollback.step-completed.v1")
public record RollbackStepCompleted(
        SagaId sagaId,
        String application,
        String environment,
        String step,
        String status,
        String detail,
        Instant completedAt) implements RollbackSagaEvent {
}
