package io.releasecontrol.metrics.evaluation;

import java.util.Arrays;
import org.apache.commons.math3.distribution.NormalDistribution;
import org.apache.commons.math3.stat.descriptive.rank.Percentile;
import org.apache.commons.math3.stat.ranking.NaNStrategy;
import org.apache.commons.math3.stat.ranking.NaturalRanking;
import org.apache.commons.math3.stat.ranking.TiesStrategy;

/**
 * Canary vs baseline on one metric, the way Kayenta's Mann-Whitney classifier decides: the
 * Hodges-Lehmann estimate of the shift (canary minus baseline, oriented so that positive is worse)
 * and its Mann-Whitney confidence interval at 1 - alpha; the canary fails when that interval lies
 * above {@link #TOLERANCE} times the estimate AND (our gate on top of Kayenta's method) the ratio of
 * means reaches the policy's fail ratio. Also reports the one-sided Mann-Whitney U and p, with outlier removal and a minimum-data
 * requirement. A pure function.
 */
public final class CanaryJudge {

    /**
     * Kayenta's default tolerance: the interval's near end must exceed this fraction of the estimated
     * shift, so a difference that is only just significant does not fail a canary.
     */
    static final double TOLERANCE = 0.25;

    private static final NormalDistribution STANDARD_NORMAL = new NormalDistribution(null, 0, 1);

    private final CanaryPolicy policy;
    /** z beyond which a two-sided test at alpha rejects: the end of the 1 - alpha interval */
    private final double intervalZ;

    public CanaryJudge(CanaryPolicy policy) {
        this.policy = policy;
        this.intervalZ = STANDARD_NORMAL.inverseCumulativeProbability(1 - policy.alpha() / 2);
    }

    public Judgement judge(Metric metric, boolean higherIsWorse, double[] canary, double[] baseline) {
        double[] c = withoutOutliers(canary);
        double[] b = withoutOutliers(baseline);
        int dropped = canary.length - c.length + baseline.length - b.length;
        if (c.length < policy.minIntervals() || b.length < policy.minIntervals()) {
            return new Judgement(Verdict.NODATA, Double.NaN, Double.NaN, Double.NaN, median(c), median(b), c.length,
                    b.length, dropped);
        }
        // orient so that "greater" is always worse
        double[] worseC = higherIsWorse ? c : negate(c);
        double[] worseB = higherIsWorse ? b : negate(b);
        double u = uOfFirst(worseC, worseB);
        double p = oneSidedP(u, worseC, worseB);
        // means, not medians: a metric that is zero in most intervals (errors) has both medians at 0
        double floor = metric.noiseFloor();
        double ac = mean(c) + floor;
        double ab = mean(b) + floor;
        double effect = higherIsWorse ? ac / ab : ab / ac;
        Verdict verdict;
        // the interval (n·m differences sorted) only when the effect could fail: this runs on every sample
        if (effect >= policy.failRatio()
                && intervalAbove(worseC, worseB, TOLERANCE * Math.abs(hodgesLehmann(worseC, worseB)))) {
            verdict = Verdict.FAIL;
        } else if (p < policy.alpha() && effect >= policy.marginalRatio()) {
            verdict = Verdict.MARGINAL;
        } else {
            verdict = Verdict.PASS;
        }
        return new Judgement(verdict, u, p, effect, median(c), median(b), c.length, b.length, dropped);
    }

    /**
     * Whether the 1 - alpha Mann-Whitney interval of the shift of x over y lies above {@code t}.
     * The interval is the set of shifts a two-sided test at alpha does not reject, so it lies above t
     * when the test of "x - t against y" rejects upwards: no root finding, and a degenerate interval
     * (a metric that is zero in most intervals, estimate 0) is still decided by the test itself.
     */
    private boolean intervalAbove(double[] x, double[] y, double t) {
        double[] shifted = Arrays.stream(x).map(v -> v - t).toArray();
        double sigma = Math.sqrt(uVariance(shifted, y));
        if (sigma == 0) {
            return false; // every value equal after the shift: no evidence either way
        }
        double d = uOfFirst(shifted, y) - x.length * (double) y.length / 2;
        double z = (d - Math.signum(d) * 0.5) / sigma; // continuity correction towards 0
        return z > intervalZ;
    }

    /** The Hodges-Lehmann estimate of the shift of x over y: the median of all differences x_i - y_j. */
    static double hodgesLehmann(double[] x, double[] y) {
        double[] differences = new double[x.length * y.length];
        int k = 0;
        for (double xi : x) {
            for (double yj : y) {
                differences[k++] = xi - yj;
            }
        }
        return median(differences);
    }

    /** U of the first sample: the count of pairs where it is greater (ties count a half). */
    static double uOfFirst(double[] x, double[] y) {
        double[] all = new double[x.length + y.length];
        System.arraycopy(x, 0, all, 0, x.length);
        System.arraycopy(y, 0, all, x.length, y.length);
        double[] ranks = new NaturalRanking(NaNStrategy.FIXED, TiesStrategy.AVERAGE).rank(all);
        double rankSum = 0;
        for (int i = 0; i < x.length; i++) {
            rankSum += ranks[i];
        }
        return rankSum - x.length * (x.length + 1) / 2.0;
    }

    /** P(U >= u) under "no difference", normal approximation with tie and continuity correction. */
    static double oneSidedP(double u, double[] x, double[] y) {
        double variance = uVariance(x, y);
        if (variance <= 0) {
            return 1.0; // every value equal: no evidence of a difference
        }
        double z = (u - x.length * (double) y.length / 2.0 - 0.5) / Math.sqrt(variance);
        return 1.0 - STANDARD_NORMAL.cumulativeProbability(z);
    }

    /** The variance of U under "no difference", corrected for ties. */
    private static double uVariance(double[] x, double[] y) {
        double n1 = x.length;
        double n2 = y.length;
        double n = n1 + n2;
        double[] all = new double[x.length + y.length];
        System.arraycopy(x, 0, all, 0, x.length);
        System.arraycopy(y, 0, all, x.length, y.length);
        Arrays.sort(all);
        double ties = 0;
        for (int i = 0; i < all.length; ) {
            int j = i;
            while (j < all.length && all[j] == all[i]) {
                j++;
            }
            double t = j - i;
            ties += t * t * t - t;
            i = j;
        }
        return n1 * n2 / 12.0 * ((n + 1) - ties / (n * (n - 1)));
    }

    private double[] withoutOutliers(double[] values) {
        if (values.length < 4) {
            return values;
        }
        Percentile percentile = new Percentile();
        percentile.setData(values);
        double q1 = percentile.evaluate(25);
        double q3 = percentile.evaluate(75);
        double iqr = q3 - q1;
        double low = q1 - policy.outlierIqr() * iqr;
        double high = q3 + policy.outlierIqr() * iqr;
        if (iqr == 0) {
            // a flat series: only values far from it (beyond the metric's scale) are outliers
            return values;
        }
        return Arrays.stream(values).filter(v -> v >= low && v <= high).toArray();
    }

    static double median(double[] values) {
        if (values.length == 0) {
            return Double.NaN;
        }
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int mid = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }

    private static double mean(double[] values) {
        double sum = 0;
        for (double v : values) {
            sum += v;
        }
        return sum / values.length;
    }

    private static double[] negate(double[] values) {
        return Arrays.stream(values).map(v -> -v).toArray();
    }
}
