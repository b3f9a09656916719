package io.releasecontrol.metrics.evaluation;

import java.time.Instant;
import java.util.List;

/** The live state of a target: per version, each rule's status and latest numbers. */
public record TargetHealth(String application, String environment, List<VersionHealth> versions) {

    public record VersionHealth(String version, String status, Instant firstSeen, Instant lastSampleAt,
            List<RuleHealth> rules) {
    }

    /**
     * @param status ok, failing (last evaluation failed, breach not open), breached, nodata, or disabled (by a policy)
     * @param verdict the canary judge's last verdict for this rule, when the version had a baseline;
     *                for rules on error counts the sequential test's: pass, fail or inconclusive
     * @param method  how the rule decides now (see {@code Evidence#method})
     * @param baseline the version compared with, if any
     * @param requests the requests the sequential test has weighed so far
     * @param logLikelihoodRatio the sequential test's statistic now, and {@code bound} where it alarms
     * @param mode    enforce or dry-run (a dry-run rule's breach is recorded, never acted on)
     * @param policy  the analysis policy the rule comes from for this target ({@code global}, {@code application ...})
     */
    public record RuleHealth(String rule, String metric, String condition, String action, String status,
            Double value, Integer samples, Instant breachedSince, Instant lastEvaluatedAt, String verdict,
            Double pValue, Double effectSize, String method, String baseline, Long requests,
            Double logLikelihoodRatio, Double bound, String mode, String policy) {
    }
}
