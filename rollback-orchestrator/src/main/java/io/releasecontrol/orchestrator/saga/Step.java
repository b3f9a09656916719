package io.releasecontrol.orchestrator.saga;

/** Step names, as stored and published in {@code RollbackStepCompleted}. */
public final class Step {
    /** waiting for an operator's approval (no command) */
    public static final String AWAIT_APPROVAL = "await-approval";
    /** ShiftTraffic of the canary to 0 % */
    public static final String PARTIAL_ROLLBACK = "partial-rollback";
    /** the observation window after a partial rollback */
    public static final String OBSERVE = "observe";
    /** recovered: the canary (paused at 0 %) is cancelled, the stable version keeps all traffic */
    public static final String EXPAND_ROLLBACK = "expand-rollback";
    /** the breaching deployment is still active: cancel it before the full rollback can deploy */
    public static final String CANCEL_DEPLOYMENT = "cancel-deployment";
    /**
     * full rollback of a finished blue-green deployment: ShiftTraffic to 0 % on it, its kept old
     * colour (the last good version) takes all traffic again; no new deployment
     */
    public static final String SWITCH_BACK = "switch-back";
    /** StartDeployment of the last good version with rollbackOf */
    public static final String FULL_ROLLBACK = "full-rollback";
    public static final String MAINTENANCE_ON = "maintenance-on";
    /** waiting for an operator's confirm-repair (no command) */
    public static final String AWAIT_REPAIR = "await-repair";
    public static final String MAINTENANCE_OFF = "maintenance-off";
    /** a breach on a target whose saga runs: recorded, nothing started */
    public static final String JOINED_BREACH = "joined-breach";

    private Step() {
    }
}
