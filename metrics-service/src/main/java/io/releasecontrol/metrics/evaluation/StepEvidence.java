package io.releasecontrol.metrics.evaluation;

import io.releasecontrol.metrics.evaluation.TargetHealth.VersionHealth;
import java.time.Instant;

/**
 * What the live windows hold about one version since a deployment step began: the evidence a step
 * gate weighs. Counted in whole buckets that began at or after {@code since}, at most one window
 * retention back.
 *
 * @param samples         samples of the version since then (each an instance's reporting interval)
 * @param requests        their requests
 * @param trafficPercent  the version's share of the target's requests since then (null without requests)
 * @param baseline        the version it is compared with: the concurrent stable one, else the one it replaced
 * @param health          its rules' states and sequential verdicts now
 */
public record StepEvidence(String version, Instant since, long samples, long requests, Double trafficPercent,
        String baseline, Instant lastSampleAt, VersionHealth health) {
}
