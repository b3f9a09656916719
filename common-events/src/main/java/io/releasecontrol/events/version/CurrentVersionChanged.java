package io.releasecontrol.events.version;

import io.releasecontrol.events.DeploymentId;
import io.releasecontrol.events.EventType;

/**
 * The version running in an environment changed, by a deployment or by hand.
 *
 * @param previousVersion null when nothing ran there before
 * @param deploymentId    the deployment that caused it; null when set by hand
 * @param status          how the change ended in the upgrade log: success, failed or rolled_back
 */
@EventType("io.releasecontrol.version.current-changed.v1")
public record CurrentVersionChanged(
        String application,
        String environment,
        String previousVersion,
        String version,
        String status,
        String reason,
        String changedBy,
        DeploymentId deploymentId) implements VersionEvent {
}
