package io.releasecontrol.metrics.evaluation;

import io.releasecontrol.events.metric.MetricSampleRecorded;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * The sliding time window of one target-version: a ring of fixed-length buckets covering the
 * retention (the longest rule window), fed sample by sample. Memory is the ring, whatever the
 * sample rate. Time is the samples' own time, so replays give the same verdicts as live ingest.
 */
final class VersionWindow {

    /** instances remembered for duplicate detection before quiet ones are forgotten */
    static final int MAX_INSTANCES = 1024;

    private final long bucketMillis;
    private final long latenessMillis;
    private final Bucket[] ring;
    private final Instant firstSeen;
    private long newestMillis = Long.MIN_VALUE;
    /** newest sample time per instance: a sample not newer than its instance's last one is a redelivery */
    private final Map<String, Long> newestByInstance = new HashMap<>();

    enum Admission { ACCEPTED, LATE, DUPLICATE }

    VersionWindow(Duration bucket, Duration retention, Duration lateness, Instant firstSeen) {
        this.bucketMillis = bucket.toMillis();
        this.latenessMillis = lateness.toMillis();
        int n = (int) ceilDiv(retention.toMillis(), bucketMillis) + 1;
        this.ring = new Bucket[n];
        for (int i = 0; i < n; i++) {
            ring[i] = new Bucket();
        }
        this.firstSeen = firstSeen;
    }

    Instant firstSeen() {
        return firstSeen;
    }

    Instant newest() {
        return newestMillis == Long.MIN_VALUE ? null : Instant.ofEpochMilli(newestMillis);
    }

    /**
     * LATE when the sample is further behind the version's newest sample than the allowed lateness
     * (dropped, not misapplied to a newer bucket); DUPLICATE when its instance already reported at
     * or after its time (a redelivered message must not count twice).
     */
    Admission add(MetricSampleRecorded s) {
        long millis = s.time().toEpochMilli();
        if (newestMillis != Long.MIN_VALUE && millis < newestMillis - latenessMillis) {
            return Admission.LATE;
        }
        long index = Math.floorDiv(millis, bucketMillis);
        long newestIndex = newestMillis == Long.MIN_VALUE ? index : Math.floorDiv(newestMillis, bucketMillis);
        if (index <= newestIndex - ring.length) {
            return Admission.LATE;
        }
        Long previous = newestByInstance.get(s.instance());
        if (previous != null && millis <= previous) {
            return Admission.DUPLICATE;
        }
        if (newestByInstance.size() >= MAX_INSTANCES && previous == null) {
            // bounded memory: forget instances that went quiet before the window
            newestByInstance.values().removeIf(t -> t < newestMillis - ring.length * bucketMillis);
        }
        newestByInstance.put(s.instance(), millis);
        Bucket b = ring[(int) Math.floorMod(index, (long) ring.length)];
        if (b.index != index) {
            b.reset(index);
        }
        b.add(s, millis);
        newestMillis = Math.max(newestMillis, millis);
        return Admission.ACCEPTED;
    }

    /** The metric over the {@code window} that ends with the newest sample (whole buckets). */
    WindowValue value(Metric metric, Duration window, boolean higherIsWorse) {
        return valueAt(metric, window, higherIsWorse, newestMillis);
    }

    /** The rule's metric over its window ending with the newest sample: a built-in metric, or the rule's custom counter or gauge. */
    WindowValue value(Rule rule) {
        return valueAt(rule, newestMillis);
    }

    WindowValue valueAt(Rule rule, long endMillis) {
        String name = rule.custom() instanceof Rule.Counter c ? c.counter()
                : rule.custom() instanceof Rule.Gauge g ? g.gauge() : null;
        return valueAt(rule.metric(), name, rule.window(), rule.comparator().higherIsWorse(), endMillis);
    }

    WindowValue valueAt(Metric metric, Duration window, boolean higherIsWorse, long endMillis) {
        return valueAt(metric, null, window, higherIsWorse, endMillis);
    }

    /** @param custom the sample's custom value a counter or gauge metric reads; null for a built-in metric */
    private WindowValue valueAt(Metric metric, String custom, Duration window, boolean higherIsWorse, long endMillis) {
        Accumulator total = new Accumulator();
        long requests = 0;
        long users = 0;
        long first = Long.MAX_VALUE;
        long last = Long.MIN_VALUE;
        long buckets = Math.min(ring.length, ceilDiv(window.toMillis(), bucketMillis));
        // sized to the rule's window, not the ring: this runs for every rule on every sample
        double[] intervals = new double[(int) buckets];
        int n = 0;
        if (endMillis != Long.MIN_VALUE) {
            long endIndex = Math.floorDiv(endMillis, bucketMillis);
            double bucketMinutes = bucketMillis / 60_000.0;
            for (long i = endIndex - buckets + 1; i <= endIndex; i++) {
                Bucket b = ring[(int) Math.floorMod(i, (long) ring.length)];
                if (b.index != i || b.samples == 0) {
                    continue;
                }
                requests += b.requests;
                users += b.activeUsers;
                first = Math.min(first, b.firstMillis);
                last = Math.max(last, b.lastMillis);
                double interval;
                if (custom != null) {
                    b.mergeCustomInto(total, custom);
                    interval = b.customValue(custom, metric.isRatePerMinute(), bucketMinutes);
                } else {
                    b.mergeInto(total, metric);
                    interval = b.count(metric) > 0 ? b.value(metric, bucketMinutes) : Double.NaN;
                }
                if (!Double.isNaN(interval)) {
                    intervals[n++] = interval;
                }
            }
        }
        double minutes = window.toMillis() / 60_000.0;
        return new WindowValue(metric, window, total.value(metric, minutes),
                total.valueWithoutWorst(metric, minutes, higherIsWorse), total.count, requests, users,
                n == intervals.length ? intervals : Arrays.copyOf(intervals, n),
                first == Long.MAX_VALUE ? null : Instant.ofEpochMilli(first),
                last == Long.MIN_VALUE ? null : Instant.ofEpochMilli(last));
    }

    /**
     * {events, requests} of an error metric (errors or 5xx) over the {@code window} ending with the
     * newest sample: the counts behind a rate, for the sequential tests.
     */
    long[] counts(Metric metric, Duration window) {
        long[] out = new long[2];
        eachBucket(window, b -> {
            if (b.count(metric) > 0) {
                out[0] += Math.round(b.sum(metric));
                out[1] += b.requests;
            }
        });
        return out;
    }

    /**
     * {numerator, denominator, samples sending the denominator} of a custom ratio over the
     * {@code window} ending with the newest sample: the counts behind it, for the sequential tests.
     */
    long[] ratioCounts(Rule.Ratio ratio, Duration window) {
        long[] out = new long[3];
        eachBucket(window, b -> {
            if (b.customCount(ratio.denominator()) > 0) {
                out[0] += Math.round(b.customSum(ratio.numerator()));
                out[1] += Math.round(b.customSum(ratio.denominator()));
                out[2] += b.customCount(ratio.denominator());
            }
        });
        return out;
    }

    /** Every bucket with samples of the {@code window} that ends with the newest sample, oldest first. */
    private void eachBucket(Duration window, java.util.function.Consumer<Bucket> visit) {
        if (newestMillis == Long.MIN_VALUE) {
            return;
        }
        long buckets = Math.min(ring.length, ceilDiv(window.toMillis(), bucketMillis));
        long endIndex = Math.floorDiv(newestMillis, bucketMillis);
        for (long i = endIndex - buckets + 1; i <= endIndex; i++) {
            Bucket b = ring[(int) Math.floorMod(i, (long) ring.length)];
            if (b.index == i && b.samples > 0) {
                visit.accept(b);
            }
        }
    }

    /**
     * {samples, requests} of the buckets that begin at or after {@code sinceMillis} (a bucket that
     * began before it is left out: the evidence is what came after), as far back as the ring reaches.
     */
    long[] since(long sinceMillis) {
        long samples = 0;
        long requests = 0;
        if (newestMillis != Long.MIN_VALUE) {
            long endIndex = Math.floorDiv(newestMillis, bucketMillis);
            long from = Math.max(endIndex - ring.length + 1, ceilDiv(sinceMillis, bucketMillis));
            for (long i = from; i <= endIndex; i++) {
                Bucket b = ring[(int) Math.floorMod(i, (long) ring.length)];
                if (b.index == i) {
                    samples += b.samples;
                    requests += b.requests;
                }
            }
        }
        return new long[] {samples, requests};
    }

    /** Math.ceilDiv is Java 18+; we build for 17 */
    private static long ceilDiv(long a, long b) {
        return -Math.floorDiv(-a, b);
    }
}
