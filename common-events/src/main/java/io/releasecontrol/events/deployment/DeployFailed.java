package io.releasecontrol.events.deployment;

import io.releasecontrol.events.DeploymentId;
import io.releasecontrol.events.EventType;
import java.time.Instant;

/** A deployment failed at {@code failedStep}; {@code reason} says why, for the 3 a.m. reader. */
@EventType("io.releasecontrol.deployment.failed.v1")
public record DeployFailed(
        DeploymentId deploymentId,
        String application,
        String environment,
        String version,
        String failedStep,
        String reason,
        Instant completedAt) implements DeploymentEvent {
}
