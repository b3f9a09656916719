package io.releasecontrol.events.deployment;

import io.releasecontrol.events.DeploymentId;
import io.releasecontrol.events.EventType;
import io.releasecontrol.events.Strategy;
import java.time.Instant;

/**
 * The executor started working on a deployment. {@code previousVersion} is what ran before.
 *
 * @param sequence    the deployment's number within its target (1, 2, 3, ...), assigned by deploy-service;
 *                    a consumer never lets an event of an older deployment overwrite a newer one
 */
@EventType("io.releasecontrol.deployment.started.v1")
public record DeployStarted(
        DeploymentId deploymentId,
        String application,
        String environment,
        String version,
        String previousVersion,
        Strategy strategy,
        Instant startedAt,
        Long sequence) implements DeploymentEvent {
}
