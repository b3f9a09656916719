package io.releasecontrol.metrics.evaluation;

import java.time.Duration;

/**
 * @param bucket    resolution of the sliding windows (and the canary judge's interval)
 * @param retention how much history a version's window keeps: at least the longest rule window
 * @param lateness  how far behind a version's newest sample a sample may arrive and still count
 * @param canary    how the canary judge decides (latency, cpu, memory)
 * @param sequential how the sequential tests on error and 5xx counts decide
 */
public record EvaluationSettings(Duration bucket, Duration retention, Duration lateness, CanaryPolicy canary,
        SequentialPolicy sequential) {

    public static final EvaluationSettings DEFAULT = new EvaluationSettings(Duration.ofSeconds(5),
            Duration.ofMinutes(5), Duration.ofSeconds(30), CanaryPolicy.DEFAULT);

    public EvaluationSettings(Duration bucket, Duration retention, Duration lateness, CanaryPolicy canary) {
        this(bucket, retention, lateness, canary, SequentialPolicy.DEFAULT);
    }

    public EvaluationSettings {
        if (bucket.toMillis() < 1 || retention.compareTo(bucket) < 0 || lateness.isNegative()
                || lateness.compareTo(retention) > 0) {
            throw new IllegalArgumentException("evaluation settings need 0 < bucket <= retention and 0 <= lateness <= retention");
        }
    }
}
