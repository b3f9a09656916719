package io.releasecontrol.events.alert;

import io.releasecontrol.events.EventType;
import java.time.Instant;

/** Someone (or a check) reported data corruption caused by a version: the maintenance branch. */
@EventType("io.releasecontrol.alert.data-corruption-reported.v1")
public record DataCorruptionReported(
        String application,
        String environment,
        String version,
        String reportedBy,
        String description,
        Instant reportedAt) implements AlertEvent {
}
