package io.releasecontrol.metrics.evaluation;

/**
 * How the canary judge decides (Kayenta-style): a canary fails a metric when the {@code 1 - alpha}
 * Mann-Whitney interval of its shift over the baseline lies on the bad side, beyond the judge's
 * tolerance, AND the ratio of means reaches {@code failRatio}; it is marginal otherwise when worse
 * with a one-sided {@code p < alpha} and a ratio of at least {@code marginalRatio}. Fewer than
 * {@code minIntervals} observations on a side is nodata. Observations outside {@code outlierIqr}×IQR
 * of their side's quartiles are dropped.
 */
public record CanaryPolicy(double alpha, double failRatio, double marginalRatio, int minIntervals, double outlierIqr) {

    public static final CanaryPolicy DEFAULT = new CanaryPolicy(0.05, 1.5, 1.2, 5, 3.0);

    public CanaryPolicy {
        if (!(alpha > 0 && alpha < 0.5) || failRatio < marginalRatio || marginalRatio < 1 || minIntervals < 3
                || outlierIqr <= 0) {
            throw new IllegalArgumentException("canary policy needs 0<alpha<0.5, 1<=marginalRatio<=failRatio, "
                    + "minIntervals>=3, outlierIqr>0");
        }
    }
}
