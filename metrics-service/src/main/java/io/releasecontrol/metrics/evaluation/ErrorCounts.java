package io.releasecontrol.metrics.evaluation;

import io.releasecontrol.events.alert.Evidence;
import io.releasecontrol.metrics.evaluation.TargetState.VersionSlot;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;

/**
 * Rules on error counts ({@code errorRate}, {@code http5xxPerMinute}) decided by sequential tests
 * on the counts rather than by a window value, so that healthy noise never breaches at any traffic
 * and a real regression opens as soon as the evidence is there:
 * <ul>
 * <li>a rate rule ({@code errorRate > 0.05}) alarms when the version's error rate is shown to be
 * over the threshold ({@link Cusum} against p0 = threshold), or shown to be worse than its
 * baseline's by more than the tolerance; an over-threshold alarm that the concurrent baseline
 * shares is an alert, not a rollback (the incident is not the new version's);</li>
 * <li>a count rule ({@code http5xxPerMinute > 10}) rolls back only a version whose 5xx rate is
 * shown to be worse than its baseline's while the count is over the threshold; with no baseline at
 * all it keeps the runbook's meaning: over the threshold is an alert ("investigate").</li>
 * </ul>
 * The baseline is the version running beside this one (errors compared in the same time slots),
 * else the version it replaced (its last window's rate, upper confidence bound).
 */
final class ErrorCounts {

    private static final FailurePolicy ONE_ALARM = FailurePolicy.consecutive(1);
    /** z of the upper confidence bound on a replaced version's rate */
    private static final double Z = 3.0;
    /** a baseline that has not reported for this long no longer runs beside the version */
    private static final java.time.Duration QUIET = java.time.Duration.ofSeconds(3);

    private final EvaluationSettings settings;
    private final SequentialPolicy policy;

    ErrorCounts(EvaluationSettings settings) {
        this.settings = settings;
        this.policy = settings.sequential();
    }

    static boolean applies(Rule rule) {
        return (rule.metric() == Metric.ERROR_RATE || rule.metric() == Metric.HTTP_5XX_PER_MINUTE
                || rule.metric() == Metric.CUSTOM_RATIO)
                && rule.comparator().higherIsWorse();
    }

    Optional<RuleTransition> evaluate(TargetState target, VersionSlot slot, Rule rule, Instant at) {
        Metric m = rule.metric();
        boolean rateRule = m == Metric.ERROR_RATE || m == Metric.CUSTOM_RATIO;
        WindowValue w = windowValue(rule, slot.window);
        boolean enough = w.samples() >= rule.minSamples() && w.requests() >= rule.minRequests();
        RuleState state = slot.rule(rule);
        SlotCounts counts = slot.counts;
        VersionSlot concurrent = target.baselineFor(slot, slot.window.newest(), rule.window());
        if (concurrent != null && (concurrent.window.newest().isBefore(slot.window.newest().minus(QUIET))
                || concurrent.window.newest().isBefore(slot.window.firstSeen()))) {
            // it stopped reporting, or never reported while this version did (a replacement that
            // began after its predecessor's last sample): the version it was is the one replaced
            concurrent = null;
        }
        VersionSlot previous = concurrent == null ? target.previousFor(slot) : null;
        VersionSlot baseline = concurrent != null ? concurrent : previous;

        Cusum absolute = null;
        if (rateRule) {
            absolute = state.absolute(policy);
            absolute.observe(counts.slot, events(rule, counts), trials(rule, counts), rule.threshold(),
                    trials(rule, counts));
        }
        Cusum comparative = null;
        if (concurrent != null) {
            comparative = state.comparative(policy, concurrent.version);
            SlotCounts b = concurrent.counts;
            if (b.slot == counts.slot && trials(rule, b) > 0) {
                // conditional on the errors of both in the same seconds, the share that is this
                // version's is binomial: under "no worse than tolerance x baseline" at most x / (x + nb)
                counts.paired = true;
                long kc = pairedEvents(rule, counts);
                long nc = pairedTrials(rule, counts);
                double x = policy.tolerance() * nc;
                comparative.observe(counts.slot, kc, kc + events(rule, b), x / (x + trials(rule, b)), nc);
            }
        } else if (previous != null) {
            counts.paired = true; // weighed here: not carried into a later paired slot a second time
            comparative = state.comparative(policy, previous.version);
            comparative.observe(counts.slot, events(rule, counts), trials(rule, counts),
                    previousBound(windowCounts(rule, previous.window, settings.retention()), m), trials(rule, counts));
        }

        boolean worse = enough && comparative != null && comparative.alarm();
        boolean over = enough && absolute != null && absolute.alarm();
        Rule.Action action = rule.action();
        FailurePolicy failure = ONE_ALARM;
        boolean failing;
        boolean healthy;
        Cusum decisive;
        String method;
        String note = "";
        if (rateRule) {
            failing = worse || over;
            // the test that decided: the threshold's when only it alarms, else the comparison when there is one
            decisive = over && !worse ? absolute : comparative != null ? comparative : absolute;
            method = worse ? method(concurrent) : "sequential-vs-threshold";
            if (failing && !worse && concurrent != null && shared(concurrent, rule)) {
                action = Rule.Action.ALERT;
                note = ", shared with baseline " + concurrent.version;
            }
            healthy = !worse && !over && !rule.comparator().crosses(w.value(), rule.threshold());
        } else if (baseline == null) {
            // no baseline at all: the runbook's count, "investigate immediately"
            failing = enough && rule.comparator().crosses(w.valueWithoutWorst(), rule.threshold());
            healthy = !rule.comparator().crosses(w.value(), rule.threshold());
            action = Rule.Action.ALERT;
            failure = rule.failure();
            decisive = null;
            method = "window, no baseline";
        } else {
            boolean crosses = enough && rule.comparator().crosses(w.valueWithoutWorst(), rule.threshold());
            failing = crosses && worse;
            healthy = !worse || !rule.comparator().crosses(w.value(), rule.threshold());
            decisive = comparative;
            method = method(concurrent);
        }
        state.lastReason(method + note);
        state.verdict(failing ? Cusum.Outcome.FAIL : passes(rule, w, enough, absolute, comparative, baseline)
                ? Cusum.Outcome.PASS : Cusum.Outcome.INCONCLUSIVE);
        RuleState.Change change = state.record(failure, rule.recovery(), failing, action, healthy, at, null);
        if (change == RuleState.Change.NONE) {
            return Optional.empty();
        }
        boolean closed = change == RuleState.Change.CLOSED;
        Evidence evidence = evidence(target, slot, rule, w, at, method, note, decisive, baseline);
        return Optional.of(new RuleTransition(closed ? RuleTransition.Kind.RECOVERED : RuleTransition.Kind.BREACHED,
                rule, closed ? state.openAction() : action, target.application, target.environment, slot.version,
                evidence, at, state.openedAt()));
    }

    /**
     * Whether the evidence shows the rule holds (the step gate's pass), by the rule's own failure
     * condition: a rate rule needs its threshold test to pass and the comparison with the baseline
     * too — or the version's own rate, upper bound, under the metric's noise floor (with almost no
     * errors on either side the comparison has nothing to weigh, and nothing to fear); a count
     * rule, which fails only over its threshold (and worse than a baseline), passes while its
     * window stays under the threshold or the comparison passes.
     */
    private static boolean passes(Rule rule, WindowValue w, boolean enough, Cusum absolute, Cusum comparative,
            VersionSlot baseline) {
        if (!enough) {
            return false;
        }
        if (rule.metric() == Metric.ERROR_RATE || rule.metric() == Metric.CUSTOM_RATIO) {
            boolean comparison = comparative == null || comparative.verdict() == Cusum.Outcome.PASS
                    || upperBound(absolute.successes(), absolute.requests()) <= rule.metric().noiseFloor();
            return absolute.verdict() == Cusum.Outcome.PASS && comparison;
        }
        boolean under = !rule.comparator().crosses(w.value(), rule.threshold());
        return under || (baseline != null && comparative != null && comparative.verdict() == Cusum.Outcome.PASS);
    }

    // What a rule counts: errors (or 5xx) of requests, or a custom ratio's numerator of its denominator.

    private static long events(Rule rule, SlotCounts c) {
        return rule.ratio() != null ? c.custom(rule.ratio().numerator()) : c.events(rule.metric());
    }

    private static long trials(Rule rule, SlotCounts c) {
        return rule.ratio() != null ? c.custom(rule.ratio().denominator()) : c.requests;
    }

    private static long pairedEvents(Rule rule, SlotCounts c) {
        return rule.ratio() != null ? c.pairedCustom(rule.ratio().numerator()) : c.pairedEvents(rule.metric());
    }

    private static long pairedTrials(Rule rule, SlotCounts c) {
        return rule.ratio() != null ? c.pairedCustom(rule.ratio().denominator()) : c.pairedRequests();
    }

    /** {events, trials} over the window ending with the version's newest sample */
    private static long[] windowCounts(Rule rule, VersionWindow w, java.time.Duration window) {
        if (rule.ratio() == null) {
            return w.counts(rule.metric(), window);
        }
        long[] c = w.ratioCounts(rule.ratio(), window);
        return new long[] {c[0], c[1]};
    }

    /** the rule's window value; for a custom ratio numerator / denominator, its trials as the requests */
    static WindowValue windowValue(Rule rule, VersionWindow w) {
        if (rule.ratio() == null) {
            return w.value(rule.metric(), rule.window(), true);
        }
        long[] c = w.ratioCounts(rule.ratio(), rule.window());
        double value = c[1] == 0 ? Double.NaN : (double) c[0] / c[1];
        return new WindowValue(Metric.CUSTOM_RATIO, rule.window(), value, value, (int) c[2], c[1], 0, new double[0],
                null, null);
    }

    /** Wilson upper bound (z = 3) of k in n; 1 without data */
    static double upperBound(long k, long n) {
        if (n == 0) {
            return 1;
        }
        double p = (double) k / n;
        double z2 = Z * Z;
        return (p + z2 / (2 * n) + Z * Math.sqrt(p * (1 - p) / n + z2 / (4.0 * n * n))) / (1 + z2 / n);
    }

    private static String method(VersionSlot concurrent) {
        return concurrent != null ? "sequential-vs-baseline" : "sequential-vs-previous";
    }

    /** the replaced version's rate, upper bound (Wilson, z = 3), times the tolerance, plus the metric's noise floor */
    private double previousBound(long[] counts, Metric m) {
        long k = counts[0];
        long n = counts[1];
        if (n == 0) {
            return Double.NaN; // nothing to compare with: the test sees no evidence
        }
        return Math.min(0.5, policy.tolerance() * upperBound(k, n) + m.noiseFloor());
    }

    /** whether the concurrent baseline is as far over the threshold: an incident of both, not of this version */
    private boolean shared(VersionSlot baseline, Rule rule) {
        RuleState b = baseline.rules.get(rule.id());
        if (b != null && (b.status() == RuleState.Status.BREACHED
                || (b.absolute() != null && b.absolute().statistic() >= policy.threshold() / 2))) {
            return true;
        }
        long[] recent = windowCounts(rule, baseline.window, settings.bucket().multipliedBy(2));
        return recent[1] > 0 && (double) recent[0] / recent[1] >= rule.threshold() / policy.tolerance();
    }

    private Evidence evidence(TargetState target, VersionSlot slot, Rule rule, WindowValue w, Instant at,
            String method, String note, Cusum decisive, VersionSlot baseline) {
        StringBuilder text = new StringBuilder(method).append(note);
        // what was counted: errors of requests, or a custom ratio's counters by their names
        String events = rule.ratio() != null ? rule.ratio().numerator() : "errors";
        String trials = rule.ratio() != null ? rule.ratio().denominator() : "requests";
        if (decisive != null && !Double.isNaN(decisive.bound())) {
            text.append(String.format(Locale.ROOT, ": log-likelihood ratio %.1f (alarm at %.1f, alternative odds x%s"
                            + " of the bound), %d %s in %d %s over %d slots",
                    decisive.statistic(), decisive.threshold(), trim(decisive.leadingOdds()),
                    decisive.successes(), events, decisive.requests(), trials, decisive.slots()));
        }
        text.append(String.format(Locale.ROOT, "; %s = %.4g over %s", rule.ratio() != null ? "ratio("
                + rule.ratio().numerator() + "/" + rule.ratio().denominator() + ")" : rule.metric().statistic(), w.value(),
                rule.window()));
        if (baseline != null) {
            long[] b = windowCounts(rule, baseline.window, rule.window());
            text.append(String.format(Locale.ROOT, "; baseline %s: %d of %d %s", baseline.version, b[0], b[1], trials));
        }
        Double traffic = target.trafficPercent(slot, Metric.ERROR_RATE, rule.window(), slot.window.newest().toEpochMilli());
        return new Evidence(rule.id(), rule.metricName(), w.value(), rule.threshold(), rule.window(),
                w.samples(), text.toString(), traffic, w.first(), at, null, null, method,
                baseline == null ? null : baseline.version, decisive == null ? w.requests() : decisive.requests(),
                decisive == null ? null : decisive.statistic(), decisive == null ? null : decisive.threshold());
    }

    private static String trim(double v) {
        return v == Math.rint(v) ? String.valueOf((long) v) : String.valueOf(v);
    }
}
