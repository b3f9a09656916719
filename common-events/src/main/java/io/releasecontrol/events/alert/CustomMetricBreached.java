package io.releasecontrol.events.alert;

import io.releasecontrol.events.EventType;
import java.time.Instant;

/**
 * A metric an application's analysis policy defines (a ratio of two of its own counters, e.g.
 * {@code checkout_failed / checkout_total}) went over its rule's threshold or got worse than the
 * baseline's; {@code metric} is the name the policy gave it.
 */
@EventType("io.releasecontrol.alert.custom-metric-breached.v1")
public record CustomMetricBreached(
        String application,
        String environment,
        String version,
        String metric,
        String action,
        String severity,
        Evidence evidence,
        Instant detectedAt) implements BreachEvent {
}
