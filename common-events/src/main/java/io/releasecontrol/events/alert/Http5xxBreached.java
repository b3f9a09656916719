package io.releasecontrol.events.alert;

import io.releasecontrol.events.EventType;
import java.time.Instant;

/** The HTTP 5xx rate of a version went over its rule's threshold. */
@EventType("io.releasecontrol.alert.http5xx-breached.v1")
public record Http5xxBreached(
        String application,
        String environment,
        String version,
        String action,
        String severity,
        Evidence evidence,
        Instant detectedAt) implements BreachEvent {
}
