package io.releasecontrol.deploy.analysis;

import java.time.Duration;
import java.time.Instant;

/**
 * metrics-service's answer for a gated step, or why there is none ({@code verdict} unavailable):
 * an outage holds the step, it never passes it.
 *
 * @param clock       the newest sample time of the target: a step counts its evidence from there, in the samples' own time
 * @param maxWait     the policy's longest wait for an inconclusive step (null when unavailable)
 * @param holdOnTimeout true: hold the deployment paused after {@code maxWait}; false: fail it
 * @param bake        the policy's bake for blue-green and rolling deployments
 */
public record GateAnswer(String verdict, String reason, long requests, long minRequests, long samples,
        long minSamples, Double trafficPercent, String baseline, Instant clock, Duration maxWait,
        boolean holdOnTimeout, Duration bake) {

    public static final String PASS = "pass";
    public static final String UNAVAILABLE = "unavailable";

    static GateAnswer unavailable(String why) {
        return new GateAnswer(UNAVAILABLE, "metrics-service cannot answer (" + why + "): holding until it does",
                0, 0, 0, 0, null, null, null, null, true, null);
    }

    public GateAnswer withReason(String why) {
        return new GateAnswer(verdict, why, requests, minRequests, samples, minSamples, trafficPercent, baseline, clock,
                maxWait, holdOnTimeout, bake);
    }

    public boolean available() {
        return !UNAVAILABLE.equals(verdict);
    }

    public boolean passed() {
        return PASS.equals(verdict);
    }
}
