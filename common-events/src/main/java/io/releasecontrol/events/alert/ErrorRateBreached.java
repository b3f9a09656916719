package io.releasecontrol.events.alert;

import io.releasecontrol.events.EventType;
import java.time.Instant;

/** The error rate of a version went over its rule's threshold. */
@EventType("io.releasecontrol.alert.error-rate-breached.v1")
public record ErrorRateBreached(
        String application,
        String environment,
        String version,
        String action,
        String severity,
        Evidence evidence,
        Instant detectedAt) implements BreachEvent {
}
