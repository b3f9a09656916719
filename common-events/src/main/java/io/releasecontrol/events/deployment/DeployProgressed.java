package io.releasecontrol.events.deployment;

import io.releasecontrol.events.DeploymentId;
import io.releasecontrol.events.EventType;

/** A deployment moved on: percent done (0-100) and the step it is in. */
@EventType("io.releasecontrol.deployment.progressed.v1")
public record DeployProgressed(
        DeploymentId deploymentId,
        String application,
        String environment,
        String version,
        int progress,
        String currentStep) implements DeploymentEvent {
}
