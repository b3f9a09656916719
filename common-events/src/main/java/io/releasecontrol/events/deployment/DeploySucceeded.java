package io.releasecontrol.events.deployment;

import io.releasecontrol.events.DeploymentId;
import io.releasecontrol.events.EventType;
import java.time.Duration;
import java.time.Instant;

/**
 * A deployment finished successfully; {@code version} now runs in the environment.
 *
 * @param sequence    the deployment's number within its target (1, 2, 3, ...), assigned by deploy-service;
 *                    a consumer never lets an event of an older deployment overwrite a newer one
 */
@EventType("io.releasecontrol.deployment.succeeded.v1")
public record DeploySucceeded(
        DeploymentId deploymentId,
        String application,
        String environment,
        String version,
        String previousVersion,
        DeploymentId rollbackOf,
        Instant completedAt,
        Duration duration,
        Long sequence) implements DeploymentEvent {
}
