package io.releasecontrol.metrics.ingest;

import io.releasecontrol.events.metric.MetricSampleRecorded;
import java.time.Instant;
import java.util.Map;

/** One sample as posted to {@code POST /api/v1/metrics/samples} (DESIGN §10); absent measurements are null. */
public record SampleRequest(
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
        Map<String, Double> custom) {

    /** for the replay of a posted trace, which lives in another package */
    public MetricSampleRecorded toSampleForReplay() {
        return toSample();
    }

    MetricSampleRecorded toSample() {
        return new MetricSampleRecorded(application, environment, version, instance, time, requests, errors, http5xx,
                latencyP95Ms, cpu, memory, activeUsers, custom);
    }
}
