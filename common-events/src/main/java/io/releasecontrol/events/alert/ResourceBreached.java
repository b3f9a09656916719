package io.releasecontrol.events.alert;

import io.releasecontrol.events.EventType;
import java.time.Instant;

/** A resource (cpu or memory) of a version went over its rule's threshold. */
@EventType("io.releasecontrol.alert.resource-breached.v1")
public record ResourceBreached(
        String application,
        String environment,
        String version,
        String resource,
        String action,
        String severity,
        Evidence evidence,
        Instant detectedAt) implements BreachEvent {
}
