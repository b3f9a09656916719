package io.releasecontrol.events.saga;

import io.releasecontrol.events.EventType;
import io.releasecontrol.events.SagaId;
import java.time.Instant;

/** A saga ended well: {@code outcome} says what it did (e.g. rolled back fully, recovered after partial). */
@EventType("io.releasecontrol.rollback.completed.v1")
public record RollbackCompleted(
        SagaId sagaId,
        String application,
        String environment,
        String fromVersion,
        String targetVersion,
        String branch,
        String outcome,
        Instant completedAt) implements RollbackSagaEvent {
}
