package io.releasecontrol.orchestrator.saga;

import java.time.Instant;

/**
 * One row of a saga's step list (DESIGN §10 {@code steps}): written when a step starts and updated
 * when it ends.
 *
 * @param step    the step; null for a record of the saga as a whole (stored as {@value #NO_STEP})
 * @param status  RUNNING, SUCCEEDED, FAILED, SKIPPED or RECORDED
 * @param command the command's type and request id, when the step sent one
 */
public record StepRecord(Step step, int attempt, String status, Instant startedAt, Instant completedAt,
        String command, String detail) {

    /** {@code saga_steps.name} of a record without a step (the column is NOT NULL). */
    static final String NO_STEP = "saga";

    /** The name as stored in {@code saga_steps.name} and returned by the API. */
    public String name() {
        return step == null ? NO_STEP : step.wireName();
    }

    /** The step stored as {@code name} ({@link #NO_STEP}: none). */
    static Step stepNamed(String name) {
        return NO_STEP.equals(name) ? null : Step.of(name);
    }
}
