package io.releasecontrol.version.environment;

import java.time.Instant;

/**
 * What the registry knows about one target: the declared current version (and the deployment
 * sequence that set it) and the last observed version.
 *
 * @param currentSequence sequence of the deployment that last set the current version; a manual
 *                        change keeps it, so only a newer deployment replaces a manual choice
 * @param driftReported   "declared|observed" pair a DriftDetected was raised for, null when in step
 */
record EnvironmentState(String application, String environment, String currentVersion, Long currentSequence,
        String currentDeploymentId, Instant currentSince, String observedVersion, String observedBy,
        Long observedSequence, Instant observedAt, String driftReported) {

    static EnvironmentState empty(String app, String env) {
        return new EnvironmentState(app, env, null, null, null, null, null, null, null, null, null);
    }

    boolean drift() {
        return currentVersion != null && observedVersion != null && !currentVersion.equals(observedVersion);
    }

    String driftPair() {
        return drift() ? currentVersion + "|" + observedVersion : null;
    }

    /**
     * Whether a deployment outcome with this sequence (or completion time, for events without one)
     * is newer than what set the current version: an older one never overwrites a newer one.
     */
    boolean isOlderThanCurrent(Long sequence, Instant completedAt) {
        if (sequence != null && currentSequence != null) {
            return sequence < currentSequence;
        }
        return currentSince != null && completedAt != null && completedAt.isBefore(currentSince);
    }

    EnvironmentState deployed(String version, Long sequence, String deploymentId, Instant at) {
        return new EnvironmentState(application, environment, version, sequence, deploymentId, at, version, "deployment",
                sequence, at, driftReported);
    }

    EnvironmentState declared(String version, Instant at) {
        return new EnvironmentState(application, environment, version, currentSequence, null, at, observedVersion,
                observedBy, observedSequence, observedAt, driftReported);
    }

    EnvironmentState observed(String version, String by, Instant at) {
        return new EnvironmentState(application, environment, currentVersion, currentSequence, currentDeploymentId,
                currentSince, version, by, observedSequence, at, driftReported);
    }

    EnvironmentState withDriftReported(String pair) {
        return new EnvironmentState(application, environment, currentVersion, currentSequence, currentDeploymentId,
                currentSince, observedVersion, observedBy, observedSequence, observedAt, pair);
    }
}
