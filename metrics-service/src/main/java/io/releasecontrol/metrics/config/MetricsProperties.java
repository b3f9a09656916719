package io.releasecontrol.metrics.config;

import io.releasecontrol.metrics.evaluation.CanaryPolicy;
import io.releasecontrol.metrics.evaluation.EvaluationSettings;
import io.releasecontrol.metrics.evaluation.SequentialPolicy;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code rc.metrics.*}: window resolution and retention, allowed lateness, storage retention, the
 * canary judge's gates and ingest limits. Every value has a default here and an env override in
 * application.yml.
 *
 * @param maxFutureSkew a sample stamped further in the future than this is rejected (clock skew guard)
 * @param maxBatch      most samples accepted in one REST batch
 * @param rulesRefresh  how often an instance reloads the rules other instances may have changed
 * @param storeMaxPending most evaluated samples waiting for the store before ingest waits (backpressure)
 * @param storeMaxFlush   most samples written by one flush (one unordered insert plus roll-up upserts)
 * @param storeLinger     how long Kafka-ingested samples may wait for a fuller flush (REST samples never wait)
 * @param sequentialThreshold h of the sequential tests on error counts (docs/metrics.md)
 * @param sequentialSlot      their time slot: a canary's errors are compared with its baseline's in the same slot
 * @param baselineTolerance   a version is no worse than its baseline up to this ratio of error rates
 * @param rebuildHorizon      how far back a newly assigned partition's samples are replayed to rebuild its
 *                            targets' state (the retention by default: what the windows hold)
 * @param advertisedUrl       the base URL other instances forward reads of this one's targets to (unset:
 *                            http://this host's address:the server port)
 */
@ConfigurationProperties("rc.metrics")
public record MetricsProperties(
        Duration bucket,
        Duration retention,
        Duration lateness,
        Duration maxFutureSkew,
        Duration rawTtl,
        Duration rollupTtl,
        Duration rulesRefresh,
        Integer maxBatch,
        Double canaryAlpha,
        Double canaryFailRatio,
        Double canaryMarginalRatio,
        Integer canaryMinIntervals,
        Double canaryOutlierIqr,
        Integer storeMaxPending,
        Integer storeMaxFlush,
        Duration storeLinger,
        Double sequentialThreshold,
        Duration sequentialSlot,
        Double baselineTolerance,
        Duration rebuildHorizon,
        String advertisedUrl) {

    public MetricsProperties {
        bucket = bucket == null ? Duration.ofSeconds(5) : bucket;
        retention = retention == null ? Duration.ofMinutes(5) : retention;
        lateness = lateness == null ? Duration.ofSeconds(30) : lateness;
        maxFutureSkew = maxFutureSkew == null ? Duration.ofMinutes(1) : maxFutureSkew;
        rawTtl = rawTtl == null ? Duration.ofDays(7) : rawTtl;
        rollupTtl = rollupTtl == null ? Duration.ofDays(90) : rollupTtl;
        rulesRefresh = rulesRefresh == null ? Duration.ofSeconds(10) : rulesRefresh;
        maxBatch = maxBatch == null ? 10_000 : maxBatch;
        CanaryPolicy d = CanaryPolicy.DEFAULT;
        canaryAlpha = canaryAlpha == null ? d.alpha() : canaryAlpha;
        canaryFailRatio = canaryFailRatio == null ? d.failRatio() : canaryFailRatio;
        canaryMarginalRatio = canaryMarginalRatio == null ? d.marginalRatio() : canaryMarginalRatio;
        canaryMinIntervals = canaryMinIntervals == null ? d.minIntervals() : canaryMinIntervals;
        canaryOutlierIqr = canaryOutlierIqr == null ? d.outlierIqr() : canaryOutlierIqr;
        storeMaxPending = storeMaxPending == null ? 50_000 : storeMaxPending;
        storeMaxFlush = storeMaxFlush == null ? 20_000 : storeMaxFlush;
        storeLinger = storeLinger == null ? Duration.ofSeconds(1) : storeLinger;
        SequentialPolicy q = SequentialPolicy.DEFAULT;
        sequentialThreshold = sequentialThreshold == null ? q.threshold() : sequentialThreshold;
        sequentialSlot = sequentialSlot == null ? q.slot() : sequentialSlot;
        baselineTolerance = baselineTolerance == null ? q.tolerance() : baselineTolerance;
        // a window's worth: what the windows hold, so a rebuilt state decides as the lost one would have
        rebuildHorizon = rebuildHorizon == null ? retention : rebuildHorizon;
    }

    /** Every setting at its default. */
    public static MetricsProperties defaults() {
        return new MetricsProperties(null, null, null, null, null, null, null, null, null, null, null, null, null, null,
                null, null, null, null, null, null, null);
    }

    public EvaluationSettings evaluation() {
        SequentialPolicy q = SequentialPolicy.DEFAULT;
        return new EvaluationSettings(bucket, retention, lateness, new CanaryPolicy(canaryAlpha, canaryFailRatio,
                canaryMarginalRatio, canaryMinIntervals, canaryOutlierIqr), new SequentialPolicy(sequentialThreshold,
                sequentialSlot, q.minSlots(), baselineTolerance, q.passBound()));
    }
}
