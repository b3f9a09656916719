package io.releasecontrol.metrics.evaluation;

import java.time.Duration;

/**
 * How the sequential tests on error counts decide ({@link Cusum}; {@code docs/metrics.md} has the
 * formulas).
 *
 * @param threshold  h, the log-likelihood ratio at which a chart alarms: over N watched slots the
 *                   chance of any false alarm is at most N · 4 · e^-h (17.5: under 1 % per day of
 *                   one-second slots)
 * @param slot       the time slot: a canary's errors are compared with its baseline's in the same slot
 * @param minSlots   the fewest slots of evidence that can alarm (each slot adds at most h / (minSlots - 0.5))
 * @param tolerance  a version is "no worse" than its baseline up to this ratio of error rates
 * @param passBound  the cumulative log-likelihood ratio in favour of "no worse" that passes (ln 20: 20 to 1)
 */
public record SequentialPolicy(double threshold, Duration slot, int minSlots, double tolerance, double passBound) {

    public static final SequentialPolicy DEFAULT = new SequentialPolicy(17.5, Duration.ofSeconds(1), 3, 1.5,
            Math.log(20));

    public SequentialPolicy {
        if (!(threshold >= 2 && threshold <= 100) || slot == null || slot.toMillis() < 100
                || slot.compareTo(Duration.ofMinutes(1)) > 0 || minSlots < 1 || minSlots > 60
                || !(tolerance >= 1 && tolerance <= 10) || !(passBound > 0 && passBound <= 100)) {
            throw new IllegalArgumentException("sequential policy needs 2 <= threshold <= 100, 100 ms <= slot <= 1 min, "
                    + "1 <= minSlots <= 60, 1 <= tolerance <= 10, 0 < passBound <= 100");
        }
    }

    /** the most one slot may add to a chart */
    double clip() {
        return minSlots == 1 ? threshold : threshold / (minSlots - 0.5);
    }

    Cusum newCusum() {
        return new Cusum(threshold, clip(), passBound);
    }

    long slotOf(long millis) {
        return Math.floorDiv(millis, slot.toMillis());
    }
}
