package io.releasecontrol.metrics.evaluation;

/**
 * Running weighted sums of one metric, plus the most extreme sample on each side, so a window can
 * leave its single worst sample out ("one noisy sample never breaches") without keeping samples.
 */
final class Accumulator {

    double sumVW;
    double sumW;
    int count;
    double maxV = Double.NaN;
    double maxW;
    double minV = Double.NaN;
    double minW;

    void add(double v, double w) {
        sumVW += v * w;
        sumW += w;
        count++;
        if (Double.isNaN(maxV) || v > maxV) {
            maxV = v;
            maxW = w;
        }
        if (Double.isNaN(minV) || v < minV) {
            minV = v;
            minW = w;
        }
    }

    void merge(Accumulator o) {
        if (o.count == 0) {
            return;
        }
        sumVW += o.sumVW;
        sumW += o.sumW;
        count += o.count;
        if (Double.isNaN(maxV) || o.maxV > maxV) {
            maxV = o.maxV;
            maxW = o.maxW;
        }
        if (Double.isNaN(minV) || o.minV < minV) {
            minV = o.minV;
            minW = o.minW;
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
