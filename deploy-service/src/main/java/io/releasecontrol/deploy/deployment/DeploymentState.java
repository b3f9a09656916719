package io.releasecontrol.deploy.deployment;

import java.time.Instant;

/**
 * How far a deployment got: everything that changes with its transitions.
 *
 * @param stepIndex  the index of the next step of the plan to run (the runner resumes there)
 * @param newColour  blue-green: the colour the new version went to (the old one is kept)
 * @param promoted   canary: a promote was asked for, the remaining pauses are skipped
 */
public record DeploymentState(
        DeploymentStatus status,
        String previousVersion,
        int progress,
        String currentStep,
        int stepIndex,
        Traffic traffic,
        String newColour,
        boolean promoted,
        String failureReason,
        Integer exitCode,
        Instant startedAt,
        Instant completedAt) {

    public static DeploymentState pending() {
        return new DeploymentState(DeploymentStatus.PENDING, null, 0, "pending", 0, Traffic.ALL_STABLE, null, false,
                null, null, null, null);
    }

    DeploymentState withStatus(DeploymentStatus next) {
        return new DeploymentState(next, previousVersion, progress, currentStep, stepIndex, traffic, newColour, promoted,
                failureReason, exitCode, startedAt, completedAt);
    }

    DeploymentState started(String previous, String colour, Instant at) {
        return new DeploymentState(DeploymentStatus.RUNNING, previous, progress, "started", stepIndex, traffic, colour,
                promoted, failureReason, exitCode, at, completedAt);
    }

    DeploymentState at(int nextStepIndex, String step, int percent) {
        return new DeploymentState(status, previousVersion, percent, step, nextStepIndex, traffic, newColour, promoted,
                failureReason, exitCode, startedAt, completedAt);
    }

    DeploymentState withStep(String step) {
        return at(stepIndex, step, progress);
    }

    DeploymentState withTraffic(Traffic next) {
        return new DeploymentState(status, previousVersion, progress, currentStep, stepIndex, next, newColour, promoted,
                failureReason, exitCode, startedAt, completedAt);
    }

    DeploymentState withPromoted() {
        return new DeploymentState(status, previousVersion, progress, currentStep, stepIndex, traffic, newColour, true,
                failureReason, exitCode, startedAt, completedAt);
    }

    DeploymentState finished(DeploymentStatus end, String step, String reason, Integer code, Instant at) {
        int percent = end == DeploymentStatus.SUCCEEDED ? 100 : progress;
        return new DeploymentState(end, previousVersion, percent, step, stepIndex, traffic, newColour, promoted, reason,
                code, startedAt, at);
    }
}
