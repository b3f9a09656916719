package io.releasecontrol.events.saga;

import io.releasecontrol.events.EventType;
import io.releasecontrol.events.SagaId;
import java.util.List;

/**
 * A rollback saga started, with its decision.
 *
 * @param cause   breach, manual or corruption
 * @param branch  PARTIAL_ROLLBACK, FULL_ROLLBACK, MAINTENANCE, ALERT_ONLY or WAIT_APPROVAL
 * @param reasons the decision's reasons in plain words, with their numbers
 */
@EventType("io.releasecontrol.rollback.saga-started.v1")
public record RollbackSagaStarted(
        SagaId sagaId,
        String application,
        String environment,
        String cause,
        String branch,
        String fromVersion,
        String targetVersion,
        double impactPercent,
        List<String> reasons) implements RollbackSagaEvent {

    public RollbackSagaStarted {
        reasons = reasons == null ? List.of() : List.copyOf(reasons);
    }
}
