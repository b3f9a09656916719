package io.releasecontrol.events.deployment;

import io.releasecontrol.events.DeploymentId;
import io.releasecontrol.events.EventType;

/**
 * Traffic between the stable (old) and the new version changed. Percentages add up to 100.
 *
 * @param stableVersion the version that served before the deployment (blue, or canary's baseline)
 * @param newVersion    the version being deployed (green, or the canary)
 * @param sequence    the deployment's number within its target (1, 2, 3, ...), assigned by deploy-service;
 *                    a consumer never lets an event of an older deployment overwrite a newer one
 */
@EventType("io.releasecontrol.deployment.traffic-shifted.v1")
public record TrafficShifted(
        DeploymentId deploymentId,
        String application,
        String environment,
        String stableVersion,
        String newVersion,
        int stablePercent,
        int newPercent,
        String reason,
        Long sequence) implements DeploymentEvent {

    public TrafficShifted {
        if (stablePercent < 0 || newPercent < 0 || stablePercent + newPercent != 100) {
            throw new IllegalArgumentException(
                    "traffic percentages must be >= 0 and add up to 100, got " + stablePercent + " + " + newPercent);
        }
    }
}
