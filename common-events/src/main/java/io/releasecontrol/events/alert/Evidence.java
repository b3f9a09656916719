package io.releasecontrol.events.alert;

import java.time.Duration;
import java.time.Instant;

/**
 * The numbers behind a verdict, so a rollback can say why.
 *
 * @param rule      the rule's id
 * @param metric    errorRate, http5xxPerMinute, latencyP95Ms, cpu, memory, ...
 * @param observed  the value that crossed (or came back under) the threshold
 * @param threshold the rule's threshold
 * @param window    the sliding window evaluated
 * @param samples   how many samples were in that window
 * @param statistic how {@code observed} was computed, e.g. {@code ratio(errors/requests)} or {@code 3 of 3 consecutive}
 * @param trafficPercent share of the target's traffic (or active users) on the version, 0-100: the
 *                  orchestrator's impact input; null when unknown
 * @param firstSampleAt time of the oldest sample in the window
 * @param lastSampleAt  time of the sample that completed the verdict
 * @param pValue    of the canary-vs-baseline test when one was used (Mann-Whitney U), else null
 * @param effectSize of that test (e.g. the canary/baseline ratio of means), else null
 */
public record Evidence(
        String rule,
        String metric,
        double observed,
        double threshold,
        Duration window,
        int samples,
        String statistic,
        Double trafficPercent,
        Instant firstSampleAt,
        Instant lastSampleAt,
        Double pValue,
        Double effectSize) {
}
