package io.releasecontrol.events.deployment;

import io.releasecontrol.events.DeploymentId;
import io.releasecontrol.events.EventType;
import java.time.Instant;

/**
 * A deployment was cancelled before it finished.
 *
 * @param sequence    the deployment's number within its target (1, 2, 3, ...), assigned by deploy-service;
 *                    a consumer never lets an event of an older deployment overwrite a newer one
 */
@EventType("io.releasecontrol.deployment.cancelled.v1")
public record DeployCancelled(
        DeploymentId deploymentId,
        String application,
        String environment,
        String version,
        String cancelledBy,
        String reason,
        Instant completedAt,
        Long sequence) implements DeploymentEvent {
}
