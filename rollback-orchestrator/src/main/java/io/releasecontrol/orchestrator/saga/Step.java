package io.releasecontrol.orchestrator.saga;

/**
 * The saga's steps. Each has a wire name that is stored ({@code sagas.step}, {@code saga_steps.name}),
 * published ({@code RollbackStepCompleted.step}, {@code RollbackFailed.failedStep}), part of command
 * request ids ({@code <saga>:<wire name>[:<attempt>]}) and returned by the API: it never changes,
 * whatever the constant is called. {@link #toString()} is the wire name too, so a message that
 * names a step reads as it always did.
 */
public enum Step {
    /** waiting for an operator's approval (no command) */
    AWAIT_APPROVAL("await-approval"),
    /** ShiftTraffic of the canary to 0 % */
    PARTIAL_ROLLBACK("partial-rollback"),
    /** the observation window after a partial rollback */
    OBSERVE("observe"),
    /** recovered: the canary (paused at 0 %) is cancelled, the stable version keeps all traffic */
    EXPAND_ROLLBACK("expand-rollback"),
    /** the breaching deployment is still active: cancel it before the full rollback can deploy */
    CANCEL_DEPLOYMENT("cancel-deployment"),
    /**
     * full rollback of a finished blue-green deployment: ShiftTraffic to 0 % on it, its kept old
     * colour (the last good version) takes all traffic again; no new deployment
     */
    SWITCH_BACK("switch-back"),
    /** StartDeployment of the last good version with rollbackOf */
    FULL_ROLLBACK("full-rollback"),
    MAINTENANCE_ON("maintenance-on"),
    /** waiting for an operator's confirm-repair (no command) */
    AWAIT_REPAIR("await-repair"),
    MAINTENANCE_OFF("maintenance-off"),
    /** a breach on a target whose saga runs: recorded, nothing started */
    JOINED_BREACH("joined-breach");

    private final String wireName;

    Step(String wireName) {
        this.wireName = wireName;
    }

    /** The name as stored, published and returned by the API. */
    public String wireName() {
        return wireName;
    }

    /**
     * The step stored or published as {@code wireName}.
     *
     * @throws IllegalArgumentException for a name no step has: a stored row is never guessed at
     */
    public static Step of(String wireName) {
        for (Step s : values()) {
            if (s.wireName.equals(wireName)) {
                return s;
            }
        }
        throw new IllegalArgumentException("no saga step is called '" + wireName + "'");
    }

    @Override
    public String toString() {
        return wireName;
    }
}
