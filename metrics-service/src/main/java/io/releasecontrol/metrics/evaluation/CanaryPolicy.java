package io.releasecontrol.metrics.evaluation;

/**
 * How the canary judge decides (Kayenta-style): a canary fails a metric when it is worse than the
 * baseline with {@code p < alpha} AND by at least {@code failRatio} (ratio of medians); it is
 * marginal when significant with a smaller effect of at least {@code marginalRatio}, or when the
 * effect is large but {@code p < 2·alpha} only. Fewer than {@code minIntervals} observations on a
 * side is nodata. Observations outside {@code outlierIqr}×IQR of their side's quartiles are dropped.
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
