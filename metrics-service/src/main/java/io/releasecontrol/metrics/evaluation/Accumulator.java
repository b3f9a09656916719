package io.releasecontrol.metrics.evaluation;

/**
 * Running weighted sums of one metric over a window's intervals, plus the most extreme sample on
 * each side, so a window can leave its single worst sample out ("one noisy sample never breaches")
 * without keeping samples. The intervals themselves keep the same sums in {@link Bucket}.
 */
final class Accumulator {

    double sumVW;
    double sumW;
    int count;
    double maxV = Double.NaN;
    double maxW;
    double minV = Double.NaN;
    double minW;

    /** merges the sums of {@code oCount} samples (an interval's, see {@link Bucket}) */
    void merge(double oSumVW, double oSumW, int oCount, double oMaxV, double oMaxW, double oMinV, double oMinW) {
        if (oCount == 0) {
            return;
        }
        sumVW += oSumVW;
        sumW += oSumW;
        count += oCount;
        if (Double.isNaN(maxV) || oMaxV > maxV) {
            maxV = oMaxV;
            maxW = oMaxW;
        }
        if (Double.isNaN(minV) || oMinV < minV) {
            minV = oMinV;
            minW = oMinW;
        }
    }

    void clear() {
        sumVW = 0;
        sumW = 0;
        count = 0;
        maxV = Double.NaN;
        minV = Double.NaN;
        maxW = 0;
        minW = 0;
    }

    /** weighted mean, or sum per minute for rate metrics; NaN without data */
    double value(Metric metric, double minutes) {
        if (count == 0) {
            return Double.NaN;
        }
        if (metric.isRatePerMinute()) {
            return sumVW / minutes;
        }
        return sumW == 0 ? Double.NaN : sumVW / sumW;
    }

    /** the value without the single most extreme sample on the bad side; NaN with fewer than two samples */
    double valueWithoutWorst(Metric metric, double minutes, boolean higherIsWorse) {
        if (count < 2) {
            return Double.NaN;
        }
        double v = higherIsWorse ? maxV : minV;
        double w = higherIsWorse ? maxW : minW;
        if (metric.isRatePerMinute()) {
            return (sumVW - v * w) / minutes;
        }
        double rest = sumW - w;
        return rest <= 0 ? Double.NaN : (sumVW - v * w) / rest;
    }
}
