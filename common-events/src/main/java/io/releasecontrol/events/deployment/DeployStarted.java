package io.releasecontrol.events.deployment;

import io.releasecontrol.events.DeploymentId;
import io.releasecontrol.events.EventType;
import io.releasecontrol.events.Strategy;
import java.time.Instant;

/** The executor started working on a deployment. {@code previousVersion} is what ran before. */
@EventType("io.releasecontrol.deployment.started.v1")
public record DeployStarted(
        DeploymentId deploymentId,
        String application,
        String environment,
        String version,
        String previousVersion,
        Strategy strategy,
        Instant startedAt) implements DeploymentEvent {
}
