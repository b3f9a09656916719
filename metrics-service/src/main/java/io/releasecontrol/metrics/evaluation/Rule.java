package io.releasecontrol.metrics.evaluation;

import java.time.Duration;
import java.util.Objects;

/**
 * A health rule: the window value of {@code metric} compared with {@code threshold} over
 * {@code window}, evaluated on every sample of a version once the window holds at least
 * {@code minSamples} samples and {@code minRequests} requests; {@code failure} says how many failing
 * evaluations open a breach and {@code recovery} how long the rule must hold again to close it.
 * {@code canaryJudge} also fails a canary that is significantly worse than its baseline.
 * {@code mode} {@code dry-run} evaluates the rule exactly as {@code enforce} does and publishes its
 * breaches and recoveries, with action {@code dry-run}: recorded, never acted on. {@code custom}: for
 * the custom metrics only ({@link Metric#CUSTOM_RATIO}, {@link Metric#CUSTOM_COUNTER},
 * {@link Metric#CUSTOM_GAUGE}), the application's metric it judges, read from the samples' {@code custom} values.
 */
public record Rule(
        String id,
        Metric metric,
        Comparison comparator,
        double threshold,
        String severity,
        Action action,
        Duration window,
        int minSamples,
        long minRequests,
        FailurePolicy failure,
        Duration recovery,
        boolean canaryJudge,
        boolean enabled,
        Mode mode,
        Custom custom) {

    /** A metric of the application's own, named by {@link #name()}, read from the samples' {@code custom} values. */
    public sealed interface Custom permits Ratio, Counter, Gauge {
        String NAME = "^[a-z][a-z0-9_]{0,62}$";

        String name();

        /** the built-in metric that stands for this kind in windows and verdicts */
        Metric metric();

        private static void check(String... names) {
            for (String n : names) {
                Objects.requireNonNull(n, "name");
                if (!n.matches(NAME)) {
                    throw new IllegalArgumentException("metric and counter names must match " + NAME);
                }
            }
        }
    }

    /**
     * An application's counter judged on its own, per minute over the window like the 5xx count,
     * e.g. {@code payment_declines} from the samples' {@code payment_declined}.
     */
    public record Counter(String name, String counter) implements Custom {
        public Counter {
            Custom.check(name, counter);
        }

        @Override
        public Metric metric() {
            return Metric.CUSTOM_COUNTER;
        }
    }

    /** An application's gauge (queue lag, pool usage), its mean over the window's samples like cpu. */
    public record Gauge(String name, String gauge) implements Custom {
        public Gauge {
            Custom.check(name, gauge);
        }

        @Override
        public Metric metric() {
            return Metric.CUSTOM_GAUGE;
        }
    }

    /**
     * A metric an application defines as the ratio of two of its own counters (sample {@code custom}
     * values), e.g. {@code checkout_failure = checkout_failed / checkout_total}; higher is worse.
     */
    public record Ratio(String name, String numerator, String denominator) implements Custom {
        public static final String NAME = Custom.NAME;

        public Ratio {
            Custom.check(name, numerator, denominator);
            if (numerator.equals(denominator)) {
                throw new IllegalArgumentException("numerator and denominator must be different counters");
            }
        }

        @Override
        public Metric metric() {
            return Metric.CUSTOM_RATIO;
        }
    }

    /** A rule on a built-in metric. */
    public Rule(String id, Metric metric, Comparison comparator, double threshold, String severity, Action action,
            Duration window, int minSamples, long minRequests, FailurePolicy failure, Duration recovery,
            boolean canaryJudge, boolean enabled, Mode mode) {
        this(id, metric, comparator, threshold, severity, action, window, minSamples, minRequests, failure, recovery,
                canaryJudge, enabled, mode, null);
    }

    /** An enforced rule (the default). */
    public Rule(String id, Metric metric, Comparison comparator, double threshold, String severity, Action action,
            Duration window, int minSamples, long minRequests, FailurePolicy failure, Duration recovery,
            boolean canaryJudge, boolean enabled) {
        this(id, metric, comparator, threshold, severity, action, window, minSamples, minRequests, failure, recovery,
                canaryJudge, enabled, Mode.ENFORCE);
    }

    /** Whether a breach acts (enforce) or is only recorded (dry-run). */
    public enum Mode {
        ENFORCE("enforce"), DRY_RUN("dry-run");

        private final String wire;

        Mode(String wire) {
            this.wire = wire;
        }

        public String wire() {
            return wire;
        }

        public static Mode fromWire(String wire) {
            for (Mode m : values()) {
                if (m.wire.equals(wire)) {
                    return m;
                }
            }
            throw new IllegalArgumentException("must be enforce or dry-run");
        }
    }

    public enum Action {
        ROLLBACK, ALERT;

        public String wire() {
            return name().toLowerCase();
        }
    }

    public Rule {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(metric, "metric");
        Objects.requireNonNull(comparator, "comparator");
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(window, "window");
        Objects.requireNonNull(failure, "failure");
        Objects.requireNonNull(recovery, "recovery");
        Objects.requireNonNull(mode, "mode");
        if (!id.matches("^[a-z0-9][a-z0-9-]{0,62}$")) {
            throw new IllegalArgumentException("rule id must match ^[a-z0-9][a-z0-9-]{0,62}$");
        }
        if (window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("window must be positive");
        }
        if (recovery.isNegative()) {
            throw new IllegalArgumentException("recovery must not be negative");
        }
        if (minSamples < 1 || minRequests < 0) {
            throw new IllegalArgumentException("minSamples must be >= 1 and minRequests >= 0");
        }
        if (Double.isNaN(threshold) || Double.isInfinite(threshold)) {
            throw new IllegalArgumentException("threshold must be a finite number");
        }
        if (metric.isCustom() != (custom != null) || custom != null && custom.metric() != metric) {
            throw new IllegalArgumentException("a custom metric's definition is given exactly for its kind of metric");
        }
        if (custom instanceof Ratio && !comparator.higherIsWorse()) {
            throw new IllegalArgumentException("a custom ratio is a share of failures: its comparator must be >");
        }
    }

    /** The metric's name as breaches and views show it: the built-in wire name, or the custom metric's own name. */
    public String metricName() {
        return custom != null ? custom.name() : metric.wireName();
    }

    /** How the window value is computed, in words: {@code mean(cpu)}, {@code sum(payment_declined)/window-minutes}. */
    public String statistic() {
        if (custom instanceof Counter c) {
            return "sum(" + c.counter() + ")/window-minutes";
        }
        if (custom instanceof Gauge g) {
            return "mean(" + g.gauge() + ")";
        }
        if (custom instanceof Ratio r) {
            return "ratio(" + r.numerator() + "/" + r.denominator() + ")";
        }
        return metric.statistic();
    }

    /** The custom ratio this rule judges; null for any other metric. */
    public Ratio ratio() {
        return custom instanceof Ratio r ? r : null;
    }

    /** This rule switched off (a policy disabling an inherited rule). */
    public Rule disabled() {
        return new Rule(id, metric, comparator, threshold, severity, action, window, minSamples, minRequests, failure,
                recovery, canaryJudge, false, mode, custom);
    }

    /** The condition in words, e.g. {@code errorRate > 0.05}. */
    public String condition() {
        return metricName() + " " + comparator.symbol() + " " + threshold;
    }
}
