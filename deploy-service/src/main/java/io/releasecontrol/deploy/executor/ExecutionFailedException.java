package io.releasecontrol.deploy.executor;

import java.util.List;

/** A step failed: a non-zero exit, a timeout, an injected failure, a failed health check. */
public class ExecutionFailedException extends RuntimeException {

    private final Integer exitCode;
    private final List<String> lastLines;

    public ExecutionFailedException(String reason, Integer exitCode, List<String> lastLines) {
        super(reason);
        this.exitCode = exitCode;
        this.lastLines = List.copyOf(lastLines);
    }

    public Integer exitCode() {
        return exitCode;
    }

    public List<String> lastLines() {
        return lastLines;
    }

    /** The reason with the last lines, for the 3 a.m. reader of {@code DeployFailed}. */
    public String describe() {
        return lastLines.isEmpty() ? getMessage() : getMessage() + "; last lines: " + String.join(" | ", lastLines);
    }
}
