package io.releasecontrol.events.metric;

import io.releasecontrol.events.EventType;
import java.time.Instant;

/**
 * One sample of one instance of a version. Counters are per sample interval; gauges are ratios
 * (cpu, memory in 0..1). Absent measurements are null, not zero.
 */
@EventType("io.releasecontrol.metric.sample-recorded.v1")
public record MetricSampleRecorded(
        String application,
        String environment,
        String version,
        String instance,
        Instant time,
        Long requests,
        Long errors,
        Long http5xx,
        Double latencyP95Ms,
        Double cpu,
        Double memory,
        Long activeUsers) implements MetricSampleEvent {
}
