package io.releasecontrol.events.command;

import io.releasecontrol.events.EventType;
import io.releasecontrol.events.SagaId;

/** Switch maintenance mode of the target on or off. */
@EventType("io.releasecontrol.command.set-maintenance-mode.v1")
public record SetMaintenanceMode(
        String requestId,
        String application,
        String environment,
        boolean enabled,
        String reason,
        SagaId sagaId) implements DeployCommand {
}
