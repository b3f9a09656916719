package io.releasecontrol.metrics.evaluation;

import java.time.Instant;
import java.util.List;

/** The live state of a target: per version, each rule's status and latest numbers. */
public record TargetHealth(String application, String environment, List<VersionHealth> versions) {

    public record VersionHealth(String version, String status, Instant firstSeen, Instant lastSampleAt,
            List<RuleHealth> rules) {
    }

    /**
     * @param status ok, failing (last evaluation failed, breach not open), breached, or nodata
     * @param verdict the canary judge's last verdict for this rule, when the version had a baseline
     */
    public record RuleHealth(String rule, String metric, String condition, String action, String status,
            Double value, Integer samples, Instant breachedSince, Instant lastEvaluatedAt, String verdict,
            Double pValue, Double effectSize) {
    }
}
