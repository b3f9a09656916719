package io.releasecontrol.events.command;

import io.releasecontrol.events.DeploymentId;
import io.releasecontrol.events.EventType;
import io.releasecontrol.events.SagaId;

/** Set the new version's share of traffic of a running deployment to {@code newPercent}. */
@EventType("io.releasecontrol.command.shift-traffic.v1")
public record ShiftTraffic(
        String requestId,
        DeploymentId deploymentId,
        String application,
        String environment,
        int newPercent,
        String reason,
        SagaId sagaId) implements DeployCommand {

    public ShiftTraffic {
        if (newPercent < 0 || newPercent > 100) {
            throw new IllegalArgumentException("newPercent must be 0..100, got " + newPercent);
        }
    }
}
