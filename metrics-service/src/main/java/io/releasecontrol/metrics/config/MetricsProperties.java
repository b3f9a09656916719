package io.releasecontrol.metrics.config;

import io.releasecontrol.metrics.evaluation.CanaryPolicy;
import io.releasecontrol.metrics.evaluation.EvaluationSettings;
import io.releasecontrol.metrics.evaluation.SequentialPolicy;
import io.releasecontrol.runtime.config.PropertyDefaults;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code rc.metrics.*}: window resolution and retention, allowed lateness, storage retention, the
 * canary judge's gates and ingest limits. The service's own settings have their default here
 * ({@code @DefaultValue}); those of the evaluation, when unset, are the evaluation package's
 * ({@link EvaluationSettings#DEFAULT}, {@link CanaryPolicy#DEFAULT}, {@link SequentialPolicy#DEFAULT}),
 * which its decisions are tested with (the step gate's, {@code rc.metrics.gate.*}, are the gate's
 * GateProperties).
 *
 * @param bucket        window resolution: a rule window is a whole number of buckets; the canary judge
 *                      compares buckets (unset: EvaluationSettings.DEFAULT's)
 * @param retention     the longest rule window; memory per target-version is retention / bucket buckets
 *                      (unset: EvaluationSettings.DEFAULT's)
 * @param lateness      a sample further behind its version's newest one than this is counted and dropped
 *                      (unset: EvaluationSettings.DEFAULT's)
 * @param maxFutureSkew a sample stamped further in the future than this is rejected (clock skew guard)
 * @param rawTtl        how long raw samples are kept in MongoDB
 * @param rollupTtl     how long the roll-ups are kept in MongoDB
 * @param maxBatch      most samples accepted in one REST batch
 * @param rulesRefresh  how often an instance reloads the rules other instances may have changed
 * @param canaryAlpha         the canary judge's significance level ({@link CanaryPolicy}; unset: its DEFAULT's)
 * @param canaryFailRatio     ratio of means from which a shifted canary metric fails (unset: CanaryPolicy.DEFAULT's)
 * @param canaryMarginalRatio ratio of means from which a worse canary metric is marginal (unset:
 *                            CanaryPolicy.DEFAULT's)
 * @param canaryMinIntervals  fewer observations on a side are nodata (unset: CanaryPolicy.DEFAULT's)
 * @param canaryOutlierIqr    observations beyond this many IQRs of their side's quartiles are dropped (unset:
 *                            CanaryPolicy.DEFAULT's)
 * @param storeMaxPending most evaluated samples waiting for the store (group commit) before ingest waits
 * @param storeMaxFlush   most samples written by one flush (one unordered insert plus roll-up upserts)
 * @param storeLinger     how long Kafka-ingested samples may wait for a fuller flush (REST samples never
 *                        wait; offsets commit that much later)
 * @param sequentialThreshold h of the sequential tests on error counts: P(false alarm) <= 4 N e^-h over N
 *                            slots (docs/metrics.md; unset: SequentialPolicy.DEFAULT's)
 * @param sequentialSlot      their time slot: a canary's errors are compared with its baseline's in the same
 *                            slot (unset: SequentialPolicy.DEFAULT's)
 * @param baselineTolerance   a version is no worse than its baseline up to this ratio of error rates (unset:
 *                            SequentialPolicy.DEFAULT's)
 * @param rebuildHorizon      how far back a newly assigned partition's samples of rc.metric-samples are replayed
 *                            (publishing nothing) to rebuild its targets' windows and open breaches (unset: the
 *                            retention, what the windows hold)
 * @param advertisedUrl       the base URL other instances forward reads (health, compare, gate) of this one's
 *                            targets to (unset: http://this host's address:the server port)
 */
@ConfigurationProperties("rc.metrics")
public record MetricsProperties(
        Duration bucket,
        Duration retention,
        Duration lateness,
        @DefaultValue("PT1M") Duration maxFutureSkew,
        @DefaultValue("P7D") Duration rawTtl,
        @DefaultValue("P90D") Duration rollupTtl,
        @DefaultValue("PT10S") Duration rulesRefresh,
        @DefaultValue("10000") Integer maxBatch,
        Double canaryAlpha,
        Double canaryFailRatio,
        Double canaryMarginalRatio,
        Integer canaryMinIntervals,
        Double canaryOutlierIqr,
        @DefaultValue("50000") Integer storeMaxPending,
        @DefaultValue("20000") Integer storeMaxFlush,
        @DefaultValue("PT1S") Duration storeLinger,
        Double sequentialThreshold,
        Duration sequentialSlot,
        Double baselineTolerance,
        Duration rebuildHorizon,
        String advertisedUrl) {

    /**
     * {@code rulesRefresh} as a {@code @Scheduled} delay: the bound record's value (the bean
     * {@code @EnableConfigurationProperties} registers), so that the schedule has no default of its own
     * and an unset variable, mapped to an empty property, does not reach it.
     */
    public static final String RULES_REFRESH =
            "#{@'rc.metrics-io.releasecontrol.metrics.config.MetricsProperties'.rulesRefresh()}";

    public MetricsProperties {
        EvaluationSettings e = EvaluationSettings.DEFAULT;
        bucket = bucket == null ? e.bucket() : bucket;
        retention = retention == null ? e.retention() : retention;
        lateness = lateness == null ? e.lateness() : lateness;
        CanaryPolicy d = CanaryPolicy.DEFAULT;
        canaryAlpha = canaryAlpha == null ? d.alpha() : canaryAlpha;
        canaryFailRatio = canaryFailRatio == null ? d.failRatio() : canaryFailRatio;
        canaryMarginalRatio = canaryMarginalRatio == null ? d.marginalRatio() : canaryMarginalRatio;
        canaryMinIntervals = canaryMinIntervals == null ? d.minIntervals() : canaryMinIntervals;
        canaryOutlierIqr = canaryOutlierIqr == null ? d.outlierIqr() : canaryOutlierIqr;
        SequentialPolicy q = SequentialPolicy.DEFAULT;
        sequentialThreshold = sequentialThreshold == null ? q.threshold() : sequentialThreshold;
        sequentialSlot = sequentialSlot == null ? q.slot() : sequentialSlot;
        baselineTolerance = baselineTolerance == null ? q.tolerance() : baselineTolerance;
        // a window's worth: what the windows hold, so a rebuilt state decides as the lost one would have
        rebuildHorizon = rebuildHorizon == null ? retention : rebuildHorizon;
    }

    /** Every setting at its default. */
    public static MetricsProperties defaults() {
        return PropertyDefaults.of(MetricsProperties.class);
    }

    public EvaluationSettings evaluation() {
        SequentialPolicy q = SequentialPolicy.DEFAULT;
        return new EvaluationSettings(bucket, retention, lateness, new CanaryPolicy(canaryAlpha, canaryFailRatio,
                canaryMarginalRatio, canaryMinIntervals, canaryOutlierIqr), new SequentialPolicy(sequentialThreshold,
                sequentialSlot, q.minSlots(), baselineTolerance, q.passBound()));
    }
}
