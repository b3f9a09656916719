package io.releasecontrol.quality;

import io.releasecontrol.quality.LabelledTrace.Expect;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Scores a judge on the corpus: what it did with each trace (the breaches a replay returned) against
 * what it should have done. A rollback is a breach with action {@code rollback} of the trace's new
 * version; one before the onset, or on a trace that needs none, is a false rollback.
 */
public final class Scoring {

    /** One breach as the replay answers it. */
    public record Breach(String rule, String action, String version, Instant time) {
    }

    /** What the judge did with one trace. */
    public record Outcome(LabelledTrace trace, boolean falseRollback, boolean caught, Double delaySeconds,
            int rollbacks, int alerts, String first) {

        boolean regression() {
            return trace.expect() == Expect.ROLLBACK || trace.expect() == Expect.ALERT_ON_NEW;
        }
    }

    /** The figures of a run. */
    public record Summary(int traces, int falseRollbacks, int regressions, int caught, int sharedIncidents,
            int sharedAlerted, double[] fastDelays, double[] slowDelays, List<Outcome> outcomes) {

        public boolean goalsMet() {
            return falseRollbacks == 0 && caught == regressions && sharedAlerted == sharedIncidents
                    && (fastDelays.length == 0 || percentile(fastDelays, 50) <= 3.0)
                    && (slowDelays.length == 0 || percentile(slowDelays, 50) <= 60.0);
        }

        public String figures() {
            return String.format(Locale.ROOT, "traces %d · false rollbacks %d · regressions caught %d of %d · shared "
                            + "incidents alerted %d of %d · delay at >= 500 req/s median %s / p90 %s s · at < 500 req/s "
                            + "median %s / p90 %s s", traces, falseRollbacks, caught, regressions, sharedAlerted,
                    sharedIncidents, num(percentile(fastDelays, 50)), num(percentile(fastDelays, 90)),
                    num(percentile(slowDelays, 50)), num(percentile(slowDelays, 90)));
        }
    }

    private Scoring() {
    }

    public static Outcome score(LabelledTrace trace, List<Breach> breaches) {
        Instant onset = trace.onsetSecond() < 0 ? null : TraceBuilder.T0.plusSeconds(trace.onsetSecond());
        int rollbacks = 0;
        int alerts = 0;
        boolean falseRollback = false;
        Instant detected = null;
        String first = null;
        for (Breach b : breaches) {
            boolean onNew = b.version().equals(trace.newVersion());
            boolean rollback = "rollback".equals(b.action());
            if (rollback && onNew) {
                rollbacks++;
            } else {
                alerts++;
            }
            boolean afterOnset = onset != null && !b.time().isBefore(onset);
            if (rollback && onNew && (trace.expect() != Expect.ROLLBACK || !afterOnset)) {
                falseRollback = true;
            }
            boolean counts = switch (trace.expect()) {
                case ROLLBACK -> rollback && onNew && afterOnset;
                case ALERT_ON_NEW -> onNew && afterOnset;
                case ALERT -> afterOnset;
                case NONE -> false;
            };
            if (counts && detected == null) {
                detected = b.time();
                first = b.rule() + " " + b.action() + " of " + b.version();
            }
        }
        Double delay = detected == null || onset == null ? null
                : Duration.between(onset, detected).toMillis() / 1000.0;
        return new Outcome(trace, falseRollback, detected != null, delay, rollbacks, alerts, first);
    }

    public static Summary summarize(List<Outcome> outcomes) {
        int falseRollbacks = 0;
        int regressions = 0;
        int caught = 0;
        int shared = 0;
        int sharedAlerted = 0;
        List<Double> fast = new ArrayList<>();
        List<Double> slow = new ArrayList<>();
        for (Outcome o : outcomes) {
            falseRollbacks += o.falseRollback() ? 1 : 0;
            if (o.trace().expect() == Expect.ALERT) {
                shared++;
                sharedAlerted += o.caught() ? 1 : 0;
            }
            if (o.regression()) {
                regressions++;
                if (o.caught()) {
                    caught++;
                    (o.trace().newVersionRps() >= 500 ? fast : slow).add(o.delaySeconds());
                }
            }
        }
        return new Summary(outcomes.size(), falseRollbacks, regressions, caught, shared, sharedAlerted,
                fast.stream().mapToDouble(Double::doubleValue).toArray(),
                slow.stream().mapToDouble(Double::doubleValue).toArray(), List.copyOf(outcomes));
    }

    /** One line per trace, for the report. */
    public static String line(Outcome o) {
        String verdict;
        if (o.falseRollback()) {
            verdict = "FALSE ROLLBACK";
        } else if (o.regression() || o.trace().expect() == Expect.ALERT) {
            verdict = o.caught() ? "caught after " + num(o.delaySeconds()) + " s" : "MISSED";
        } else {
            verdict = "ok";
        }
        return String.format(Locale.ROOT, "%-46s %-12s %-26s rollbacks %3d  alerts %3d%s", o.trace().name(),
                o.trace().expect().name().toLowerCase(Locale.ROOT), verdict, o.rollbacks(), o.alerts(),
                o.first() == null ? "" : "  (" + o.first() + ")");
    }

    /** Nearest-rank percentile; NaN without values. */
    static double percentile(double[] values, double p) {
        if (values.length == 0) {
            return Double.NaN;
        }
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    /** two decimals: the goals are checked on the exact delays, and 3.01 s is not 3.0 s */
    private static String num(Double v) {
        return v == null || v.isNaN() ? "-" : String.format(Locale.ROOT, "%.2f", v);
    }
}
