package io.releasecontrol.events.saga;

import io.releasecontrol.events.EventType;
import io.releasecontrol.events.SagaId;
import java.util.List;

/** A saga waits for an operator's approval; {@code reasons} says why (irreversible migration, policy, ...). */
@EventType("io.releasecontrol.rollback.approval-required.v1")
public record RollbackApprovalRequired(
        SagaId sagaId,
        String application,
        String environment,
        String fromVersion,
        String targetVersion,
        List<String> reasons) implements RollbackSagaEvent {

    public RollbackApprovalRequired {
        reasons = reasons == null ? List.of() : List.copyOf(reasons);
    }
}
