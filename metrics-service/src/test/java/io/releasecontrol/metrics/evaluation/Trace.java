package io.releasecontrol.metrics.evaluation;

import io.releasecontrol.events.metric.MetricSampleRecorded;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.function.DoubleUnaryOperator;

/** Object mother for metric traces: instances of a version reporting every 5 s, with seeded noise. */
final class Trace {

    static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");
    static final Duration EVERY = Duration.ofSeconds(5);

    private final List<MetricSampleRecorded> samples = new ArrayList<>();
    private final Random random = new Random(42);

    static Trace create() {
        return new Trace();
    }

    /**
     * {@code instances} instances of {@code version} from second {@code from} to {@code to}, each
     * sample with 200 requests and the error rate {@code errorRate(second)} ± {@code noise}.
     */
    Trace errors(String version, int instances, int from, int to, DoubleUnaryOperator errorRate, double noise) {
        return errors(version, instances, from, to, errorRate, noise, 200);
    }

    /** as above with {@code requests} per sample; every error is a 5xx */
    Trace errors(String version, int instances, int from, int to, DoubleUnaryOperator errorRate, double noise,
            long requests) {
        boolean with5xx = requests != 200; // the older rows measure errors without 5xx
        return each(version, instances, from, to, (sec, r) -> {
            double rate = Math.max(0, errorRate.applyAsDouble(sec) + (r.nextDouble() * 2 - 1) * noise);
            long errors = Math.round(rate * requests);
            return sample(version, sec, requests, errors, with5xx ? errors : 0L, 120.0, 0.3, 0.4);
        });
    }

    Trace latency(String version, int instances, int from, int to, DoubleUnaryOperator p95) {
        return each(version, instances, from, to,
                (sec, r) -> sample(version, sec, 200L, 0L, 0L, p95.applyAsDouble(sec) * (0.95 + 0.1 * r.nextDouble()), 0.3, 0.4));
    }

    Trace http5xx(String version, int instances, int from, int to, DoubleUnaryOperator perSample) {
        return each(version, instances, from, to,
                (sec, r) -> sample(version, sec, 200L, 0L, Math.round(perSample.applyAsDouble(sec)), 120.0, 0.3, 0.4));
    }

    Trace cpu(String version, int instances, int from, int to, DoubleUnaryOperator cpu) {
        return each(version, instances, from, to,
                (sec, r) -> sample(version, sec, 200L, 0L, 0L, 120.0, cpu.applyAsDouble(sec), 0.4));
    }

    /** one sample at second {@code sec} */
    Trace one(String version, int sec, long requests, long errors) {
        samples.add(sample(version, sec, requests, errors, 0L, 120.0, 0.3, 0.4).withInstance("spiky"));
        return this;
    }

    List<MetricSampleRecorded> samples() {
        return samples.stream().sorted(Comparator.comparing(MetricSampleRecorded::time)).toList();
    }

    interface SampleAt {
        Sample at(double second, Random random);
    }

    private Trace each(String version, int instances, int from, int to, SampleAt f) {
        for (int sec = from; sec < to; sec += (int) EVERY.toSeconds()) {
            for (int i = 0; i < instances; i++) {
                samples.add(f.at(sec, random).withOffsetMillis(i * 100L).withInstance(version + "-i" + i));
            }
        }
        return this;
    }

    private static Sample sample(String version, double sec, long requests, long errors, long http5xx, double p95,
            double cpu, double memory) {
        return new Sample(version, T0.plusMillis((long) (sec * 1000)), requests, errors, http5xx, p95, cpu, memory);
    }

    record Sample(String version, Instant time, long requests, long errors, long http5xx, double p95, double cpu,
            double memory) {

        Sample withOffsetMillis(long ms) {
            return new Sample(version, time.plusMillis(ms), requests, errors, http5xx, p95, cpu, memory);
        }

        MetricSampleRecorded withInstance(String instance) {
            return new MetricSampleRecorded("shop", "prod", version, instance, time, requests, errors, http5xx, p95,
                    cpu, memory, requests / 4);
        }
    }
}
