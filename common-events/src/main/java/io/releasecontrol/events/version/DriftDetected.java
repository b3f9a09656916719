package io.releasecontrol.events.version;

import io.releasecontrol.events.EventType;
import java.time.Instant;

/**
 * The version observed running in an environment differs from the one recorded as current.
 *
 * @param declaredVersion the current version in the registry
 * @param observedVersion what was seen running
 * @param observedBy      where it was seen: deployment (a deployment event) or metrics (a sample's version)
 */
@EventType("io.releasecontrol.version.drift-detected.v1")
public record DriftDetected(
        String application,
        String environment,
        String declaredVersion,
        String observedVersion,
        String observedBy,
        Instant detectedAt) implements VersionEvent {
}
