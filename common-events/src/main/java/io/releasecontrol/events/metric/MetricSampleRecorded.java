package io.releasecontrol.events.metric;

import io.releasecontrol.events.EventType;
import java.time.Instant;
import java.util.Map;

/**
 * One sample of one instance of a version. Counters are per sample interval; gauges are ratios
 * (cpu, memory in 0..1). Absent measurements are null, not zero. {@code custom}: the application's
 * own counters of the interval by name (e.g. {@code checkout_total}, {@code checkout_failed}), which
 * its analysis policy can turn into ratio metrics; null when it sends none.
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
        Long activeUsers,
        Map<String, Double> custom) implements MetricSampleEvent {

    public MetricSampleRecorded {
        // a copy that keeps a null value (Map.copyOf would throw): the validator names it as a bad count
        custom = custom == null || custom.isEmpty() ? null
                : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(custom));
    }

    /** A sample without custom counters. */
    public MetricSampleRecorded(String application, String environment, String version, String instance, Instant time,
            Long requests, Long errors, Long http5xx, Double latencyP95Ms, Double cpu, Double memory,
            Long activeUsers) {
        this(application, environment, version, instance, time, requests, errors, http5xx, latencyP95Ms, cpu, memory,
                activeUsers, null);
    }

    /** The custom counter {@code name} of this sample; 0 when it did not send it. */
    public double custom(String name) {
        Double v = custom == null ? null : custom.get(name);
        return v == null ? 0 : v;
    }
}
