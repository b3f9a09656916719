package io.releasecontrol.metrics.evaluation;

import io.releasecontrol.events.metric.MetricSampleRecorded;

/** One interval of a version's window: sums per metric, traffic, and the sample time span. */
final class Bucket {

    long index = Long.MIN_VALUE;
    int samples;
    long requests;
    long activeUsers;
    long firstMillis;
    long lastMillis;
    final Accumulator[] metrics = new Accumulator[Metric.values().length];

    Bucket() {
        for (int i = 0; i < metrics.length; i++) {
            metrics[i] = new Accumulator();
        }
    }

    void reset(long newIndex) {
        index = newIndex;
        samples = 0;
        requests = 0;
        activeUsers = 0;
        firstMillis = Long.MAX_VALUE;
        lastMillis = Long.MIN_VALUE;
        for (Accumulator a : metrics) {
            a.clear();
        }
    }

    void add(MetricSampleRecorded s, long millis) {
        samples++;
        requests += s.requests() == null ? 0 : s.requests();
        activeUsers += s.activeUsers() == null ? 0 : s.activeUsers();
        firstMillis = Math.min(firstMillis, millis);
        lastMillis = Math.max(lastMillis, millis);
        for (Metric m : Metric.values()) {
            double v = m.value(s);
            if (!Double.isNaN(v)) {
                metrics[m.ordinal()].add(v, m.weight(s));
            }
        }
    }
}
