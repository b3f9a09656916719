package io.releasecontrol.deploy.executor;

/** What an executor is doing for a deployment on this instance. */
public enum ExecutionStatus {
    IDLE, RUNNING, SUCCEEDED, FAILED, CANCELLED
}
