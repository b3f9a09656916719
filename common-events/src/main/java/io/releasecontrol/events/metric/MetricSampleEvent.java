package io.releasecontrol.events.metric;

import io.releasecontrol.events.RcEvent;

/** Metric samples for ingest, on {@code rc.metric-samples}. */
public sealed interface MetricSampleEvent extends RcEvent permits MetricSampleRecorded {
}
