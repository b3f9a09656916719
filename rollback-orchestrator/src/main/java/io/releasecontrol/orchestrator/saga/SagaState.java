package io.releasecontrol.orchestrator.saga;

import io.releasecontrol.events.DeploymentId;
import io.releasecontrol.events.SagaId;
import io.releasecontrol.orchestrator.decision.Branch;
import io.releasecontrol.orchestrator.decision.Decision;
import java.time.Instant;
import java.util.Objects;

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
        return toBuilder().status(newStatus).step(newStep).attempt(newAttempt).deadline(newDeadline).build();
    }

    /** The current step's wire name (as stored, published and returned by the API); null once the saga ended. */
    public String stepName() {
        return step == null ? null : step.wireName();
    }

    SagaState ended(SagaStatus end, String newOutcome, String reason, Instant at) {
        return toBuilder().status(end).step(null).deadline(null).outcome(newOutcome).failureReason(reason)
                .completedAt(at).build();
    }

    SagaState withRollbackDeployment(DeploymentId rollbackDeployment) {
        return toBuilder().rollbackDeploymentId(rollbackDeployment).build();
    }

    SagaState withOperator(String who) {
        return toBuilder().operator(who).build();
    }

    /** The saga escalated (a partial rollback that did not recover runs the full rollback). */
    SagaState withBranch(Branch escalated) {
        return toBuilder().branch(escalated).build();
    }

    SagaState withDeploymentEnded() {
        return toBuilder().deploymentActive(false).build();
    }

    /** The state as stored after one more transition (the optimistic lock counter). */
    SagaState nextVersion() {
        return toBuilder().version(version + 1).build();
    }

    /** A state to fill in: attempt and version 0, the deployment not active, everything else null until set. */
    static Builder builder() {
        return new Builder();
    }

    Builder toBuilder() {
        return builder().id(id).application(application).environment(environment).status(status).cause(cause)
                .branch(branch).decision(decision).fromVersion(fromVersion).targetVersion(targetVersion)
                .deploymentId(deploymentId).deploymentActive(deploymentActive)
                .rollbackDeploymentId(rollbackDeploymentId).step(step).attempt(attempt).deadline(deadline)
                .outcome(outcome).failureReason(failureReason).operator(operator).createdAt(createdAt)
                .completedAt(completedAt).version(version);
    }

    /** Names the fields of a saga's state; only the machine and the repository build one. */
    static final class Builder {
        private SagaId id;
        private String application;
        private String environment;
        private SagaStatus status;
        private String cause;
        private Branch branch;
        private Decision decision;
        private String fromVersion;
        private String targetVersion;
        private DeploymentId deploymentId;
        private boolean deploymentActive;
        private DeploymentId rollbackDeploymentId;
        private Step step;
        private int attempt;
        private Instant deadline;
        private String outcome;
        private String failureReason;
        private String operator;
        private Instant createdAt;
        private Instant completedAt;
        private long version;

        private Builder() {
        }

        Builder id(SagaId value) {
            this.id = value;
            return this;
        }

        Builder application(String value) {
            this.application = value;
            return this;
        }

        Builder environment(String value) {
            this.environment = value;
            return this;
        }

        Builder status(SagaStatus value) {
            this.status = value;
            return this;
        }

        Builder cause(String value) {
            this.cause = value;
            return this;
        }

        Builder branch(Branch value) {
            this.branch = value;
            return this;
        }

        Builder decision(Decision value) {
            this.decision = value;
            return this;
        }

        Builder fromVersion(String value) {
            this.fromVersion = value;
            return this;
        }

        Builder targetVersion(String value) {
            this.targetVersion = value;
            return this;
        }

        Builder deploymentId(DeploymentId value) {
            this.deploymentId = value;
            return this;
        }

        Builder deploymentActive(boolean value) {
            this.deploymentActive = value;
            return this;
        }

        Builder rollbackDeploymentId(DeploymentId value) {
            this.rollbackDeploymentId = value;
            return this;
        }

        Builder step(Step value) {
            this.step = value;
            return this;
        }

        Builder attempt(int value) {
            this.attempt = value;
            return this;
        }

        Builder deadline(Instant value) {
            this.deadline = value;
            return this;
        }

        Builder outcome(String value) {
            this.outcome = value;
            return this;
        }

        Builder failureReason(String value) {
            this.failureReason = value;
            return this;
        }

        Builder operator(String value) {
            this.operator = value;
            return this;
        }

        Builder createdAt(Instant value) {
            this.createdAt = value;
            return this;
        }

        Builder completedAt(Instant value) {
            this.completedAt = value;
            return this;
        }

        Builder version(long value) {
            this.version = value;
            return this;
        }

        SagaState build() {
            // a state without these could be neither stored nor found again
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(application, "application");
            Objects.requireNonNull(environment, "environment");
            Objects.requireNonNull(status, "status");
            return new SagaState(id, application, environment, status, cause, branch, decision, fromVersion,
                    targetVersion, deploymentId, deploymentActive, rollbackDeploymentId, step, attempt, deadline,
                    outcome, failureReason, operator, createdAt, completedAt, version);
        }
    }
}
