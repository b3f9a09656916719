package io.releasecontrol.orchestrator.deployment;

import io.releasecontrol.events.DeploymentId;
import io.releasecontrol.events.Strategy;
import java.time.Instant;

/**
 * The latest deployment of a target as this service knows it from {@code rc.deployments}.
 *
 * @param status     PENDING, RUNNING, PAUSED, SUCCEEDED, FAILED or CANCELLED
 * @param newPercent the new version's share of traffic (canary weight), 0-100
 * @param finishedAt when it ended; null while it is active
 * @param rollbackOf set when this deployment is itself a rollback
 */
public record DeploymentState(
        DeploymentId deploymentId,
        String application,
        String environment,
        String version,
        String previousVersion,
        Strategy strategy,
        String status,
        int newPercent,
        DeploymentId rollbackOf,
        Instant startedAt,
        Instant finishedAt) {

    public boolean active() {
        return finishedAt == null && ("PENDING".equals(status) || "RUNNING".equals(status) || "PAUSED".equals(status));
    }
}
