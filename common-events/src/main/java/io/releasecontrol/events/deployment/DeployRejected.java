package io.releasecontrol.events.deployment;

import io.releasecontrol.events.DeploymentId;
import io.releasecontrol.events.EventType;

/**
 * A waiting deployment was rejected; a {@code DeployCancelled} with the same reason follows.
 *
 * @param sequence the deployment's number within its target
 */
@EventType("io.releasecontrol.deployment.rejected.v1")
public record DeployRejected(
        DeploymentId deploymentId,
        String application,
        String environment,
        String version,
        String rejectedBy,
        String comment,
        Long sequence) implements DeploymentEvent {
}
