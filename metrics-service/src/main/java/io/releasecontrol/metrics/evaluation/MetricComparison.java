package io.releasecontrol.metrics.evaluation;

/** Canary vs baseline on one metric over one window: both values and the judge's answer. */
public record MetricComparison(String metric, Double baselineValue, Double canaryValue, int baselineSamples,
        int canarySamples, Judgement judgement) {
}
