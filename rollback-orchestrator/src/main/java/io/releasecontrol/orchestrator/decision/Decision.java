package io.releasecontrol.orchestrator.decision;

import io.releasecontrol.events.DeploymentId;
import java.time.Duration;
import java.util.List;

/**
 * The decision record (DESIGN §10): which branch, and why, with the numbers. Stored with the saga
 * and returned by {@code GET /api/v1/rollbacks/{id}}.
 *
 * @param reasons     why, in order: what asked, then each finding that led to the branch (typed; stored and
 *                    shown as their {@linkplain Reason#text() text})
 * @param onApproval  for WAIT_APPROVAL: the branch that runs once a person approves; else null
 * @param deploymentId the breaching deployment (what a rollback rolls back); null when unknown
 * @param deploymentActive whether that deployment was still running (it is cancelled before a full rollback)
 * @param switchBack  a full rollback of a finished blue-green deployment whose old colour (running the
 *                    target version) is still kept: done by switching traffic back to it (ShiftTraffic to
 *                    0 %), not by a new deployment
 */
public record Decision(
        Branch branch,
        Branch onApproval,
        Double impactPercent,
        String rule,
        String metric,
        Double observed,
        Double threshold,
        Duration window,
        Integer samples,
        String statistic,
        List<Reason> reasons,
        String fromVersion,
        String targetVersion,
        DeploymentId deploymentId,
        boolean deploymentActive,
        boolean switchBack) {

    public Decision {
        reasons = reasons == null ? List.of() : List.copyOf(reasons);
    }

    /** The reasons as stored, published and shown: their English text, in order. */
    public List<String> reasonTexts() {
        return Reason.texts(reasons);
    }

    /** Whether this decision starts a saga that holds the target (everything but an alert). */
    public boolean startsSaga() {
        return branch != Branch.ALERT_ONLY && branch != Branch.DRY_RUN;
    }

    /** A dry-run rule's breach: nothing at all is done for it (no saga, not even an alert-only record). */
    public boolean dryRun() {
        return branch == Branch.DRY_RUN;
    }
}
