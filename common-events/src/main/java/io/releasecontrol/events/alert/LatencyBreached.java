package io.releasecontrol.events.alert;

import io.releasecontrol.events.EventType;
import java.time.Instant;

/** The latency (p95) of a version went over its rule's threshold. */
@EventType("io.releasecontrol.alert.latency-breached.v1")
public record LatencyBreached(
        String application,
        String environment,
        String version,
        String action,
        String severity,
        Evidence evidence,
        Instant detectedAt) implements BreachEvent {
}
