package io.releasecontrol.orchestrator.decision;

/** The runbook's branches (DESIGN §4), as stored in a decision record and on the wire. */
public enum Branch {
    PARTIAL_ROLLBACK,
    FULL_ROLLBACK,
    MAINTENANCE,
    ALERT_ONLY,
    WAIT_APPROVAL,
    /** A breach of a rule in dry-run mode: recorded in the log with what it would have done; no saga, no notification. */
    DRY_RUN
}
