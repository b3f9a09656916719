package io.releasecontrol.orchestrator.saga;

import io.releasecontrol.events.DeploymentId;
import io.releasecontrol.events.SagaId;
import io.releasecontrol.orchestrator.decision.Branch;
import io.releasecontrol.orchestrator.decision.Decision;
import java.time.Instant;

/**
 * The durable state of one saga: what the machine needs to take its next step. Immutable; every
 * transition builds the next state.
 *
 * @param branch        the branch being executed (for WAIT_APPROVAL: the one that runs once approved)
 * @param step          the current step; null once the saga ended
 * @param attempt       1 for the first try of the step, more after a timeout or a failure
 * @param deadline      when the current step times out (observation end, step timeout); null when a person is awaited
 * @param deploymentId  the breaching deployment, rolled back / cancelled / shifted
 * @param rollbackDeploymentId the deployment deploy-service created for our StartDeployment, once known
 * @param version       optimistic lock counter
 */
public record SagaState(
        SagaId id,
        String application,
        String environment,
        SagaStatus status,
        String cause,
        Branch branch,
        Decision decision,
        String fromVersion,
        String targetVersion,
        DeploymentId deploymentId,
        boolean deploymentActive,
        DeploymentId rollbackDeploymentId,
        Step step,
        int attempt,
        Instant deadline,
        String outcome,
        String failureReason,
        String operator,
        Instant createdAt,
        Instant completedAt,
        long version) {

    SagaState at(SagaStatus newStatus, Step newStep, int newAttempt, Instant newDeadline) {
        return new SagaState(id, application, environment, newStatus, cause, branch, decision, fromVersion,
                targetVersion, deploymentId, deploymentActive, rollbackDeploymentId, newStep, newAttempt, newDeadline,
                outcome, failureReason, operator, createdAt, completedAt, version);
    }

    /** The current step's wire name (as stored, published and returned by the API); null once the saga ended. */
    public String stepName() {
        return step == null ? null : step.wireName();
    }

    SagaState ended(SagaStatus end, String newOutcome, String reason, Instant at) {
        return new SagaState(id, application, environment, end, cause, branch, decision, fromVersion, targetVersion,
                deploymentId, deploymentActive, rollbackDeploymentId, null, attempt, null, newOutcome, reason,
                operator, createdAt, at, version);
    }

    SagaState withRollbackDeployment(DeploymentId rollbackDeployment) {
        return new SagaState(id, application, environment, status, cause, branch, decision, fromVersion,
                targetVersion, deploymentId, deploymentActive, rollbackDeployment, step, attempt, deadline, outcome,
                failureReason, operator, createdAt, completedAt, version);
    }

    SagaState withOperator(String who) {
        return new SagaState(id, application, environment, status, cause, branch, decision, fromVersion,
                targetVersion, deploymentId, deploymentActive, rollbackDeploymentId, step, attempt, deadline, outcome,
                failureReason, who, createdAt, completedAt, version);
    }

    /** The saga escalated (a partial rollback that did not recover runs the full rollback). */
    SagaState withBranch(Branch escalated) {
        return new SagaState(id, application, environment, status, cause, escalated, decision, fromVersion,
                targetVersion, deploymentId, deploymentActive, rollbackDeploymentId, step, attempt, deadline, outcome,
                failureReason, operator, createdAt, completedAt, version);
    }

    SagaState withDeploymentEnded() {
        return new SagaState(id, application, environment, status, cause, branch, decision, fromVersion,
                targetVersion, deploymentId, false, rollbackDeploymentId, step, attempt, deadline, outcome,
                failureReason, operator, createdAt, completedAt, version);
    }

    /** The state as stored after one more transition (the optimistic lock counter). */
    SagaState nextVersion() {
        return new SagaState(id, application, environment, status, cause, branch, decision, fromVersion,
                targetVersion, deploymentId, deploymentActive, rollbackDeploymentId, step, attempt, deadline, outcome,
                failureReason, operator, createdAt, completedAt, version + 1);
    }
}
