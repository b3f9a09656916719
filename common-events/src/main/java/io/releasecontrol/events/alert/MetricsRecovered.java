package io.releasecontrol.events.alert;

import io.releasecontrol.events.EventType;
import java.time.Instant;

/** A breached rule is healthy again for a version; {@code evidence} holds the healthy numbers. */
@EventType("io.releasecontrol.alert.metrics-recovered.v1")
public record MetricsRecovered(
        String application,
        String environment,
        String version,
        Evidence evidence,
        Instant recoveredAt) implements AlertEvent {
}
