package io.releasecontrol.events.command;

import io.releasecontrol.events.DeploymentId;
import io.releasecontrol.events.EventType;
import io.releasecontrol.events.SagaId;
import io.releasecontrol.events.Strategy;

/**
 * Deploy {@code version} to the target. The rollback orchestrator sends it with {@code rollbackOf}
 * set to the deployment being rolled back.
 */
@EventType("io.releasecontrol.command.start-deployment.v1")
public record StartDeployment(
        String requestId,
        String application,
        String environment,
        String version,
        Strategy strategy,
        String reason,
        String requestedBy,
        DeploymentId rollbackOf,
        SagaId sagaId) implements DeployCommand {
}
