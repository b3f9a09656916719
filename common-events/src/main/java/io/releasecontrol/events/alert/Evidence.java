package io.releasecontrol.events.alert;

import java.time.Duration;

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
 */
public record Evidence(
        String rule,
        String metric,
        double observed,
        double threshold,
        Duration window,
        int samples,
        String statistic) {
}
