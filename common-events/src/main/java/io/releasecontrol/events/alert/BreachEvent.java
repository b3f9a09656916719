package io.releasecontrol.events.alert;

import java.time.Instant;

/** A rule breached for a version on a target; {@code evidence} explains it with numbers. */
public sealed interface BreachEvent extends AlertEvent
        permits ErrorRateBreached, LatencyBreached, Http5xxBreached, ResourceBreached, CustomMetricBreached {

    /** rollback or alert, from the rule; {@code dry-run} when the rule is in dry-run mode (recorded, never acted on) */
    String action();

    /** critical, warning or info, from the rule */
    String severity();

    Evidence evidence();

    Instant detectedAt();
}
