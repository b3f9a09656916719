package io.releasecontrol.deploy.deployment;

import io.releasecontrol.deploy.strategy.CanaryPlan;
import io.releasecontrol.events.Strategy;
import java.util.UUID;

/**
 * A validated request for a deployment, from the API or from a {@code StartDeployment} command.
 *
 * @param repair a repair deployment may run while maintenance mode is on (like a rollback)
 */
public record NewDeployment(
        String application,
        String environment,
        String version,
        Strategy strategy,
        String executor,
        CanaryPlan canary,
        String requestedBy,
        UUID rollbackOf,
        UUID sagaId,
        String requestId,
        DeploymentOptions options,
        boolean repair) {
}
