package io.releasecontrol.metrics.evaluation;

/**
 * A sequential test that a Bernoulli rate is no higher than its bound {@code p0}: one CUSUM chart
 * per alternative (the odds multiplied by {@link #ODDS}), fed per time slot with the slot's
 * successes and trials. Each slot's log-likelihood ratio is clipped at {@code clip} (so it takes
 * several slots of evidence to alarm: a blip or a lone spike never does) and a chart alarms when
 * its statistic reaches {@code h}. Under the bound every chart is a non-negative supermartingale
 * from each start slot, so over N slots P(any false alarm) <= N · |ODDS| · e^-h (Ville's inequality
 * and a union bound; {@code docs/metrics.md}). Alongside, a cumulative Wald SPRT of "no worse than
 * the bound" against "twice the odds" (each slot's part clipped the same way) says when there is
 * enough evidence to pass.
 */
final class Cusum {

    /** the alternatives, as odds ratios over the bound: from just worse to ten times worse */
    static final double[] ODDS = {1.5, 2, 4, 10};
    /** the alternative the pass test weighs against */
    private static final int PASS_CHART = 1;

    /** what the sequential tests concluded so far */
    enum Outcome { PASS, FAIL, INCONCLUSIVE }

    private final double h;
    private final double clip;
    private final double passBound;
    /** each chart's statistic at the start of the current slot */
    private final double[] committed = new double[ODDS.length];
    /** each chart's log-likelihood ratio of the current slot so far (unclipped) */
    private final double[] current = new double[ODDS.length];
    private long slot = Long.MIN_VALUE;
    /** cumulative log-likelihood ratio of the pass chart over committed slots, and the current slot's */
    private double passCommitted;
    private double passCurrent;
    private long successes;
    private long currentTrials;
    private long currentSuccesses;
    private long requests;
    private long currentRequests;
    private int slots;
    private double lastBound = Double.NaN;

    /**
     * @param h         the alarm threshold on the log-likelihood ratio
     * @param clip      the most one slot may add to a chart
     * @param passBound the cumulative log-likelihood ratio (favouring the bound) that passes
     */
    Cusum(double h, double clip, double passBound) {
        this.h = h;
        this.clip = clip;
        this.passBound = passBound;
    }

    /**
     * The totals so far of time slot {@code slotIndex}: {@code successes} of {@code trials} with the
     * bound {@code p0}, from {@code requests} of the tested version. Called again for the same slot with larger totals, it replaces the slot's
     * contribution; a later slot commits the previous one. An earlier slot is ignored.
     */
    void observe(long slotIndex, long successes, long trials, double p0, long requests) {
        if (slotIndex < slot) {
            return;
        }
        if (slotIndex > slot) {
            commit();
            slot = slotIndex;
        }
        currentTrials = trials;
        currentSuccesses = successes;
        currentRequests = requests;
        if (trials == 0 || !(p0 > 0 && p0 < 1)) {
            java.util.Arrays.fill(current, 0);
            passCurrent = 0;
            return;
        }
        lastBound = p0;
        for (int c = 0; c < ODDS.length; c++) {
            current[c] = llr(successes, trials, p0, ODDS[c]);
        }
        passCurrent = current[PASS_CHART];
    }

    private void commit() {
        for (int c = 0; c < ODDS.length; c++) {
            committed[c] = Math.max(0, committed[c] + Math.min(current[c], clip));
            // a long bad stretch must not take as long to forget: at most twice the threshold
            committed[c] = Math.min(committed[c], 2 * h);
            current[c] = 0;
        }
        // a slot can set the pass back by no more than it can push an alarm: one spike delays a
        // healthy version's pass by a few slots, not by as many as the spike's raw weight
        passCommitted += Math.min(passCurrent, clip);
        passCurrent = 0;
        successes += currentSuccesses;
        slots += currentTrials > 0 ? 1 : 0;
        requests += currentRequests;
        currentRequests = 0;
        currentTrials = 0;
        currentSuccesses = 0;
    }

    /** log of P(data | odds × ratio) / P(data | p0) for k successes of n */
    static double llr(long k, long n, double p0, double ratio) {
        double p1 = ratio * p0 / (1 - p0 + ratio * p0);
        return k * Math.log(p1 / p0) + (n - k) * Math.log((1 - p1) / (1 - p0));
    }

    /** the largest chart statistic including the current slot */
    double statistic() {
        double max = 0;
        for (int c = 0; c < ODDS.length; c++) {
            max = Math.max(max, committed[c] + Math.min(current[c], clip));
        }
        return max;
    }

    /** the alternative (odds ratio) of the chart with the largest statistic */
    double leadingOdds() {
        int best = 0;
        for (int c = 1; c < ODDS.length; c++) {
            if (committed[c] + Math.min(current[c], clip) > committed[best] + Math.min(current[best], clip)) {
                best = c;
            }
        }
        return ODDS[best];
    }

    boolean alarm() {
        return statistic() >= h;
    }

    Outcome verdict() {
        if (alarm()) {
            return Outcome.FAIL;
        }
        return passCommitted + Math.min(passCurrent, clip) <= -passBound ? Outcome.PASS : Outcome.INCONCLUSIVE;
    }

    double threshold() {
        return h;
    }

    long successes() {
        return successes + currentSuccesses;
    }

    /** the requests behind the trials (the tested version's) */
    long requests() {
        return requests + currentRequests;
    }

    /** time slots with trials in them */
    int slots() {
        return slots + (currentTrials > 0 ? 1 : 0);
    }

    /** the bound of the latest observation */
    double bound() {
        return lastBound;
    }
}
