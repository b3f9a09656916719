package io.releasecontrol.events.deployment;

import io.releasecontrol.events.DeploymentId;
import io.releasecontrol.events.EventType;
import java.time.Instant;

/**
 * A deployment failed at {@code failedStep}; {@code reason} says why, for the 3 a.m. reader.
 *
 * @param sequence    the deployment's number within its target (1, 2, 3, ...), assigned by deploy-service;
 *                    a consumer never lets an event of an older deployment overwrite a newer one
 */
@EventType("io.releasecontrol.deployment.failed.v1")
public record DeployFailed(
        DeploymentId deploymentId,
        String application,
        String environment,
        String version,
        String failedStep,
        String reason,
        Instant completedAt,
        Long sequence) implements DeploymentEvent {
}
