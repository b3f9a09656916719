package io.releasecontrol.orchestrator.saga;

/** DESIGN §11's saga statuses; the first three hold the target (one active saga per target). */
public enum SagaStatus {
    RUNNING,
    WAITING_APPROVAL,
    OBSERVING,
    COMPLETED,
    FAILED,
    ABORTED;

    public boolean active() {
        return this == RUNNING || this == WAITING_APPROVAL || this == OBSERVING;
    }
}
