package io.releasecontrol.quality;

import io.releasecontrol.events.metric.MetricSampleRecorded;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.DoubleUnaryOperator;

/**
 * Builds one target's metric trace as its instances would report it: every instance one sample per
 * second, requests drawn around the version's rate, errors (all of them 5xx) drawn as a binomial of
 * the error rate at that second, p95 latency with log-normal noise. Deterministic: the same name
 * gives the same samples.
 */
final class TraceBuilder {

    static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

    private final String application;
    private final SplittableRandom random;
    private final List<MetricSampleRecorded> samples = new ArrayList<>();

    TraceBuilder(String application) {
        this.application = application;
        this.random = new SplittableRandom(application.hashCode());
    }

    /** One version's instances from second {@code from} to {@code to}. */
    final class Version {
        private final String version;
        private final int instances;
        private double rps;
        private DoubleUnaryOperator errorRate = s -> 0.01;
        private DoubleUnaryOperator p95 = s -> 180;
        /** checkouts per request and the share of them failing (custom counters); none when NaN */
        private double checkoutsPerRequest = Double.NaN;
        private DoubleUnaryOperator checkoutFailures = s -> 0.01;

        Version(String version, int instances) {
            this.version = version;
            this.instances = instances;
        }

        /** requests per second over all the version's instances */
        Version rps(double rps) {
            this.rps = rps;
            return this;
        }

        Version errors(DoubleUnaryOperator rateAtSecond) {
            this.errorRate = rateAtSecond;
            return this;
        }

        Version errors(double rate) {
            return errors(s -> rate);
        }

        /** the application's own counters {@code checkout_total} and {@code checkout_failed} */
        Version checkouts(double perRequest, DoubleUnaryOperator failingAtSecond) {
            this.checkoutsPerRequest = perRequest;
            this.checkoutFailures = failingAtSecond;
            return this;
        }

        Version p95(DoubleUnaryOperator msAtSecond) {
            this.p95 = msAtSecond;
            return this;
        }

        TraceBuilder during(int from, int to) {
            for (int sec = from; sec < to; sec++) {
                for (int i = 0; i < instances; i++) {
                    long requests = poisson(rps / instances);
                    long errors = binomial(requests, Math.min(1, Math.max(0, errorRate.applyAsDouble(sec))));
                    double latency = p95.applyAsDouble(sec) * Math.exp(0.15 * random.nextGaussian());
                    Instant time = T0.plusSeconds(sec).plusMillis(37L * i + 11);
                    Map<String, Double> custom = null;
                    if (!Double.isNaN(checkoutsPerRequest)) {
                        long checkouts = binomial(requests, checkoutsPerRequest);
                        long failed = binomial(checkouts, Math.min(1, Math.max(0, checkoutFailures.applyAsDouble(sec))));
                        custom = Map.of("checkout_total", (double) checkouts, "checkout_failed", (double) failed);
                    }
                    samples.add(new MetricSampleRecorded(application, "production", version, version + "-i" + i, time,
                            requests, errors, errors, Math.round(latency * 10) / 10.0, 0.35 + 0.05 * random.nextDouble(),
                            0.45, requests * 3, custom));
                }
            }
            return TraceBuilder.this;
        }
    }

    Version version(String version, int instances) {
        return new Version(version, instances);
    }

    /** One instance reporting a single sample at second {@code sec}: a spike. */
    TraceBuilder one(String version, String instance, int sec, long requests, long errors) {
        samples.add(new MetricSampleRecorded(application, "production", version, instance,
                T0.plusSeconds(sec).plusMillis(503), requests, errors, errors, 180.0, 0.4, 0.45, requests * 3));
        return this;
    }

    List<MetricSampleRecorded> samples() {
        return samples.stream().sorted(Comparator.comparing(MetricSampleRecorded::time)).toList();
    }

    private long poisson(double mean) {
        if (mean <= 0) {
            return 0;
        }
        if (mean > 50) {
            return Math.max(0, Math.round(mean + Math.sqrt(mean) * random.nextGaussian()));
        }
        double limit = Math.exp(-mean);
        double product = random.nextDouble();
        long n = 0;
        while (product > limit) {
            product *= random.nextDouble();
            n++;
        }
        return n;
    }

    private long binomial(long n, double p) {
        double mean = n * p;
        if (n > 200 && mean > 30 && n * (1 - p) > 30) {
            return Math.max(0, Math.min(n, Math.round(mean + Math.sqrt(mean * (1 - p)) * random.nextGaussian())));
        }
        long k = 0;
        for (long i = 0; i < n; i++) {
            if (random.nextDouble() < p) {
                k++;
            }
        }
        return k;
    }
}
