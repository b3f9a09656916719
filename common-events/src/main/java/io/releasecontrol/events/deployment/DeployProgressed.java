package io.releasecontrol.events.deployment;

import io.releasecontrol.events.DeploymentId;
import io.releasecontrol.events.EventType;

/**
 * A deployment moved on: percent done (0-100) and the step it is in.
 *
 * @param sequence    the deployment's number within its target (1, 2, 3, ...), assigned by deploy-service;
 *                    a consumer never lets an event of an older deployment overwrite a newer one
 */
@EventType("io.releasecontrol.deployment.progressed.v1")
public record DeployProgressed(
        DeploymentId deploymentId,
        String application,
        String environment,
        String version,
        int progress,
        String currentStep,
        Long sequence) implements DeploymentEvent {
}
