package io.releasecontrol.events.saga;

import io.releasecontrol.events.EventType;
import io.releasecontrol.events.SagaId;
import java.time.Instant;

/** A saga gave up at {@code failedStep}; it needs a human, and {@code reason} says why. */
@EventType("io.releasecontrol.rollback.failed.v1")
public record RollbackFailed(
        SagaId sagaId,
        String application,
        String environment,
        String failedStep,
        String reason,
        Instant completedAt) implements RollbackSagaEvent {
}
