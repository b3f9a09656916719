package io.releasecontrol.metrics.evaluation;

import io.releasecontrol.events.metric.MetricSampleRecorded;

/**
 * One interval of a version's window: sums per metric, traffic, and the sample time span. The
 * per-metric sums live in one flat array (not an object per metric): a window is 61 of these, kept
 * for every target-version, so object headers are a good part of its memory.
 */
final class Bucket {

    private static final Metric[] METRICS = Metric.values();
    // per metric: weighted sum, weight sum, most extreme sample on each side with its weight
    private static final int SUM_VW = 0;
    private static final int SUM_W = 1;
    private static final int MAX_V = 2;
    private static final int MAX_W = 3;
    private static final int MIN_V = 4;
    private static final int MIN_W = 5;
    private static final int FIELDS = 6;

    long index = Long.MIN_VALUE;
    int samples;
    long requests;
    long activeUsers;
    long firstMillis;
    long lastMillis;
    private final double[] sums = new double[METRICS.length * FIELDS];
    private final int[] counts = new int[METRICS.length];
    /** the samples' custom values by name: {sum, samples that sent it, largest, smallest}; null until one did */
    private java.util.Map<String, double[]> custom;

    void reset(long newIndex) {
        index = newIndex;
        samples = 0;
        requests = 0;
        activeUsers = 0;
        firstMillis = Long.MAX_VALUE;
        lastMillis = Long.MIN_VALUE;
        java.util.Arrays.fill(sums, 0);
        java.util.Arrays.fill(counts, 0);
        if (custom != null) {
            custom.clear();
        }
    }

    void add(MetricSampleRecorded s, long millis) {
        samples++;
        requests += s.requests() == null ? 0 : s.requests();
        activeUsers += s.activeUsers() == null ? 0 : s.activeUsers();
        firstMillis = Math.min(firstMillis, millis);
        lastMillis = Math.max(lastMillis, millis);
        for (Metric m : METRICS) {
            double v = m.value(s);
            if (!Double.isNaN(v)) {
                add(m.ordinal(), v, m.weight(s));
            }
        }
        if (s.custom() != null) {
            if (custom == null) {
                custom = new java.util.HashMap<>(8);
            }
            s.custom().forEach((name, v) -> {
                double[] sum = custom.computeIfAbsent(name, k -> new double[4]);
                sum[2] = sum[1] == 0 ? v : Math.max(sum[2], v);
                sum[3] = sum[1] == 0 ? v : Math.min(sum[3], v);
                sum[0] += v;
                sum[1]++;
            });
        }
    }

    /** the custom counter {@code name} summed over this interval's samples; 0 when none sent it */
    double customSum(String name) {
        double[] sum = custom == null ? null : custom.get(name);
        return sum == null ? 0 : sum[0];
    }

    /** samples of this interval that sent the custom counter {@code name} */
    int customCount(String name) {
        double[] sum = custom == null ? null : custom.get(name);
        return sum == null ? 0 : (int) sum[1];
    }

    /** adds this interval's sums of the custom value {@code name} to {@code total} (each sample weighs 1) */
    void mergeCustomInto(Accumulator total, String name) {
        double[] sum = custom == null ? null : custom.get(name);
        if (sum != null) {
            total.merge(sum[0], sum[1], (int) sum[1], sum[2], 1, sum[3], 1);
        }
    }

    /** the custom value {@code name} over this interval alone: per minute, or the mean; NaN without data */
    double customValue(String name, boolean perMinute, double minutes) {
        double[] sum = custom == null ? null : custom.get(name);
        if (sum == null) {
            return Double.NaN;
        }
        return perMinute ? sum[0] / minutes : sum[0] / sum[1];
    }

    private void add(int metric, double v, double w) {
        int o = metric * FIELDS;
        sums[o + SUM_VW] += v * w;
        sums[o + SUM_W] += w;
        if (counts[metric] == 0 || v > sums[o + MAX_V]) {
            sums[o + MAX_V] = v;
            sums[o + MAX_W] = w;
        }
        if (counts[metric] == 0 || v < sums[o + MIN_V]) {
            sums[o + MIN_V] = v;
            sums[o + MIN_W] = w;
        }
        counts[metric]++;
    }

    /** samples measuring the metric in this interval */
    int count(Metric metric) {
        return counts[metric.ordinal()];
    }

    /** the weighted sum of the metric's values: for errorRate the errors, for http5xxPerMinute the 5xx */
    double sum(Metric metric) {
        return sums[metric.ordinal() * FIELDS + SUM_VW];
    }

    /** adds this interval's sums of the metric to {@code total} */
    void mergeInto(Accumulator total, Metric metric) {
        int o = metric.ordinal() * FIELDS;
        total.merge(sums[o + SUM_VW], sums[o + SUM_W], counts[metric.ordinal()], sums[o + MAX_V], sums[o + MAX_W],
                sums[o + MIN_V], sums[o + MIN_W]);
    }

    /** the metric's value over this interval alone (as {@link Accumulator#value}); NaN without data */
    double value(Metric metric, double minutes) {
        int o = metric.ordinal() * FIELDS;
        if (counts[metric.ordinal()] == 0) {
            return Double.NaN;
        }
        if (metric.isRatePerMinute()) {
            return sums[o + SUM_VW] / minutes;
        }
        return sums[o + SUM_W] == 0 ? Double.NaN : sums[o + SUM_VW] / sums[o + SUM_W];
    }
}
