package io.releasecontrol.events.deployment;

import io.releasecontrol.events.EventType;

/** Maintenance mode of an application in an environment was switched on or off. */
@EventType("io.releasecontrol.deployment.maintenance-changed.v1")
public record MaintenanceModeChanged(
        String application,
        String environment,
        boolean enabled,
        String reason,
        String changedBy) implements DeploymentEvent {
}
