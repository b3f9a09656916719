package io.releasecontrol.metrics.gate;

import java.time.Duration;
import java.util.Objects;

/**
 * How much evidence a deployment step needs before it may advance, and what happens when it does
 * not come: part of an application's analysis policy, with these defaults when it names none.
 *
 * @param minRequests  requests of the new version since the step began, at least
 * @param minIntervals samples of the new version since the step began (each an instance's reporting interval)
 * @param maxWait      how long an inconclusive step may wait for its evidence
 * @param onTimeout    after {@code maxWait}: hold the deployment paused (default) or fail it
 * @param bake         blue-green and rolling: how long the new version is watched (and must then pass) before
 *                     it is declared succeeded; PT0S (the default) = no bake
 */
public record GateSettings(long minRequests, int minIntervals, Duration maxWait, OnTimeout onTimeout, Duration bake) {

    /** What an inconclusive step does once its {@code maxWait} is over. */
    public enum OnTimeout {
        HOLD, FAIL;

        public String wire() {
            return name().toLowerCase();
        }
    }

    /** Bounds checked when a policy is saved, so a gate never computes with a value it cannot hold. */
    public static final long MAX_REQUESTS = 1_000_000_000L;
    public static final int MAX_INTERVALS = 86_400;
    /** {@link #MAX_WAIT} as a constant text, for the constraints of a policy's gate */
    public static final String MAX_WAIT_ISO = "PT24H";
    public static final Duration MAX_WAIT = Duration.parse(MAX_WAIT_ISO);

    /** declared after the bounds it is checked against (static initialisation runs in order) */
    public static final GateSettings DEFAULT = new GateSettings(1_000, 30, Duration.ofMinutes(10), OnTimeout.HOLD,
            Duration.ZERO);

    /** The settings as the API shows them (policies, the gate's verdicts): durations ISO-8601, on-timeout by its wire name. */
    public record View(long minRequests, int minIntervals, String maxWait, String onTimeout, String bake) {
    }

    public View view() {
        return new View(minRequests, minIntervals, maxWait.toString(), onTimeout.wire(), bake.toString());
    }

    public GateSettings {
        Objects.requireNonNull(maxWait, "maxWait");
        Objects.requireNonNull(onTimeout, "onTimeout");
        Objects.requireNonNull(bake, "bake");
        if (minRequests < 0 || minRequests > MAX_REQUESTS) {
            throw new IllegalArgumentException("minRequests must be 0.." + MAX_REQUESTS);
        }
        if (minIntervals < 0 || minIntervals > MAX_INTERVALS) {
            throw new IllegalArgumentException("minIntervals must be 0.." + MAX_INTERVALS);
        }
        if (maxWait.isNegative() || maxWait.compareTo(MAX_WAIT) > 0 || bake.isNegative() || bake.compareTo(MAX_WAIT) > 0) {
            throw new IllegalArgumentException("maxWait and bake must be PT0S.." + MAX_WAIT);
        }
    }
}
