package io.releasecontrol.metrics.evaluation;

import java.time.Duration;
import java.time.Instant;

/**
 * A metric over one window of one version.
 *
 * @param value          the window value (NaN without data)
 * @param valueWithoutWorst the value with the single worst sample left out (NaN below two samples)
 * @param samples        samples that measured the metric
 * @param requests       requests of all samples in the window
 * @param activeUsers    summed active users of all samples in the window
 * @param intervals      one value per non-empty bucket: the canary judge's observations
 * @param first          oldest sample time in the window
 * @param last           newest sample time in the window
 */
public record WindowValue(
        Metric metric,
        Duration window,
        double value,
        double valueWithoutWorst,
        int samples,
        long requests,
        long activeUsers,
        double[] intervals,
        Instant first,
        Instant last) {
}
