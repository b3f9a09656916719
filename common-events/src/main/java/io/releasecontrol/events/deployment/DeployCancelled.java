package io.releasecontrol.events.deployment;

import io.releasecontrol.events.DeploymentId;
import io.releasecontrol.events.EventType;
import java.time.Instant;

/** A deployment was cancelled before it finished. */
@EventType("io.releasecontrol.deployment.cancelled.v1")
public record DeployCancelled(
        DeploymentId deploymentId,
        String application,
        String environment,
        String version,
        String cancelledBy,
        String reason,
        Instant completedAt) implements DeploymentEvent {
}
