package io.releasecontrol.deploy.executor;

/** What an executor is doing for a deployment on this instance. */
enum ExecutionStatus {
    IDLE, RUNNING, SUCCEEDED, FAILED, CANCELLED
}
