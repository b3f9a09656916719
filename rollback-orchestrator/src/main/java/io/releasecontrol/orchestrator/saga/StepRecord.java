package io.releasecontrol.orchestrator.saga;

import java.time.Instant;

/**
 * One row of a saga's step list (DESIGN §10 {@code steps}): written when a step starts and updated
 * when it ends.
 *
 * @param status  RUNNING, SUCCEEDED, FAILED, SKIPPED or RECORDED
 * @param command the command's type and request id, when the step sent one
 */
public record StepRecord(String name, int attempt, String status, Instant startedAt, Instant completedAt,
        String command, String detail) {
}
