package io.releasecontrol.metrics.evaluation;

/**
 * The canary-vs-baseline verdict on one metric, with its numbers.
 *
 * @param u           Mann-Whitney U of the canary (how often a canary interval beats a baseline one on the bad side)
 * @param pValue      one-sided p that the canary is not worse (normal approximation, tie-corrected); NaN without data
 * @param effectSize  canary/baseline ratio of means on the bad side (1 = same), noise floor added to both
 * @param canaryIntervals   observations used after outlier removal
 * @param baselineIntervals observations used after outlier removal
 * @param outliersRemoved   observations dropped by the Tukey fences (both sides)
 */
public record Judgement(
        Verdict verdict,
        double u,
        double pValue,
        double effectSize,
        double canaryMedian,
        double baselineMedian,
        int canaryIntervals,
        int baselineIntervals,
        int outliersRemoved) {

    public String describe(String baselineVersion) {
        return String.format(java.util.Locale.ROOT,
                "mann-whitney U=%.1f vs baseline %s (%d/%d intervals, %d outliers dropped), p=%.4f, mean ratio %.2f: %s",
                u, baselineVersion, canaryIntervals, baselineIntervals, outliersRemoved, pValue, effectSize,
                verdict.wire());
    }
}
