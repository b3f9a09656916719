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
 * @param method    how the verdict was reached: {@code sequential-vs-threshold}, {@code sequential-vs-baseline}
 *                  (errors paired with the concurrent baseline's in the same seconds),
 *                  {@code sequential-vs-previous} (against the version this one replaced), {@code window}
 *                  (the window value against the threshold) or {@code window+mann-whitney}; null from older producers
 * @param baseline  the version compared with, when there was one
 * @param requests  the requests the verdict rests on (the sequential test's, else the window's)
 * @param logLikelihoodRatio the sequential test's statistic when it decided, else null
 * @param bound     the bound that statistic crossed (h), else null
 * @param policy    the analysis policy the rule came from: {@code global}, {@code application checkout} or
 *                  {@code application checkout, environment production}; null from older producers
 * @param dryRunAction set only for a rule in {@code dry-run} mode (the breach's {@code action} is then
 *                  {@code dry-run}): the action the breach would have asked for, {@code rollback} or {@code alert};
 *                  a recovery carrying it closes a dry-run breach and must not act either
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
        Double effectSize,
        String method,
        String baseline,
        Long requests,
        Double logLikelihoodRatio,
        Double bound,
        String policy,
        String dryRunAction) {

    /** Evidence without the sequential test's fields (a window verdict, or an older producer). */
    public Evidence(String rule, String metric, double observed, double threshold, Duration window, int samples,
            String statistic, Double trafficPercent, Instant firstSampleAt, Instant lastSampleAt, Double pValue,
            Double effectSize) {
        this(rule, metric, observed, threshold, window, samples, statistic, trafficPercent, firstSampleAt,
                lastSampleAt, pValue, effectSize, null, null, null, null, null, null, null);
    }

    /** Evidence without the policy fields (an older producer). */
    public Evidence(String rule, String metric, double observed, double threshold, Duration window, int samples,
            String statistic, Double trafficPercent, Instant firstSampleAt, Instant lastSampleAt, Double pValue,
            Double effectSize, String method, String baseline, Long requests, Double logLikelihoodRatio,
            Double bound) {
        this(rule, metric, observed, threshold, window, samples, statistic, trafficPercent, firstSampleAt,
                lastSampleAt, pValue, effectSize, method, baseline, requests, logLikelihoodRatio, bound, null, null);
    }

    /** The same evidence as decided under {@code policy}, dry-run ({@code dryRunAction} set) or not (null). */
    public Evidence withPolicy(String policy, String dryRunAction) {
        return new Evidence(rule, metric, observed, threshold, window, samples, statistic, trafficPercent,
                firstSampleAt, lastSampleAt, pValue, effectSize, method, baseline, requests, logLikelihoodRatio, bound,
                policy, dryRunAction);
    }

    /** Whether a dry-run rule decided this: it is recorded, never acted on. */
    public boolean dryRun() {
        return dryRunAction != null;
    }
}
