package io.releasecontrol.events.saga;

import io.releasecontrol.events.RcEvent;
import io.releasecontrol.events.SagaId;

/** Progress of rollback sagas, on {@code rc.rollback-sagas}. */
public sealed interface RollbackSagaEvent extends RcEvent
        permits RollbackSagaStarted, RollbackStepCompleted, RollbackApprovalRequired, RollbackCompleted,
        RollbackFailed {

    SagaId sagaId();
}
