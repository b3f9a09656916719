package io.releasecontrol.events.alert;

import io.releasecontrol.events.RcEvent;

/** Health verdicts and incident reports, on {@code rc.alerts}. */
public sealed interface AlertEvent extends RcEvent
        permits BreachEvent, MetricsRecovered, DataCorruptionReported {

    String version();
}
