package io.releasecontrol.metrics.evaluation;

import java.util.Arrays;
import org.apache.commons.math3.distribution.NormalDistribution;
import org.apache.commons.math3.stat.descriptive.rank.Percentile;
import org.apache.commons.math3.stat.ranking.NaNStrategy;
import org.apache.commons.math3.stat.ranking.NaturalRanking;
import org.apache.commons.math3.stat.ranking.TiesStrategy;

/**
 * Canary vs baseline on one metric: Mann-Whitney U over per-interval values, one-sided in the
 * rule's bad direction, with outlier removal, a minimum-data requirement and an effect-size gate.
 * A pure function.
 */
public final class CanaryJudge {

    private static final NormalDistribution STANDARD_NORMAL = new NormalDistribution(null, 0, 1);

    private final CanaryPolicy policy;

    public CanaryJudge(CanaryPolicy policy) {
        this.policy = policy;
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
        double floor = metric.noiseFloor();
        double mc = median(c);
        double mb = median(b);
        double effect = higherIsWorse ? (mc + floor) / (mb + floor) : (mb + floor) / (mc + floor);
        Verdict verdict;
        if (p < policy.alpha() && effect >= policy.failRatio()) {
            verdict = Verdict.FAIL;
        } else if ((p < policy.alpha() && effect >= policy.marginalRatio())
                || (p < 2 * policy.alpha() && effect >= policy.failRatio())) {
            verdict = Verdict.MARGINAL;
        } else {
            verdict = Verdict.PASS;
        }
        return new Judgement(verdict, u, p, effect, mc, mb, c.length, b.length, dropped);
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
        double variance = n1 * n2 / 12.0 * ((n + 1) - ties / (n * (n - 1)));
        if (variance <= 0) {
            return 1.0; // every value equal: no evidence of a difference
        }
        double z = (u - n1 * n2 / 2.0 - 0.5) / Math.sqrt(variance);
        return 1.0 - STANDARD_NORMAL.cumulativeProbability(z);
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

    private static double[] negate(double[] values) {
        return Arrays.stream(values).map(v -> -v).toArray();
    }
}
