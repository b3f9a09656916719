package io.releasecontrol.deploy.executor;

/** The step stopped because its deployment was cancelled. */
public class ExecutionCancelledException extends RuntimeException {

    public ExecutionCancelledException(String message) {
        super(message);
    }
}
