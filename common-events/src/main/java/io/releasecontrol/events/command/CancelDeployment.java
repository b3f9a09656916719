package io.releasecontrol.events.command;

import io.releasecontrol.events.DeploymentId;
import io.releasecontrol.events.EventType;
import io.releasecontrol.events.SagaId;

/** Cancel a running deployment (stops its executor). */
@EventType("io.releasecontrol.command.cancel-deployment.v1")
public record CancelDeployment(
        String requestId,
        DeploymentId deploymentId,
        String application,
        String environment,
        String reason,
        SagaId sagaId) implements DeployCommand {
}
