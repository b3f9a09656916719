package io.releasecontrol.metrics.rules;

import io.releasecontrol.metrics.evaluation.Comparison;
import io.releasecontrol.metrics.evaluation.FailurePolicy;
import io.releasecontrol.metrics.evaluation.Metric;
import io.releasecontrol.metrics.evaluation.Rule;
import io.releasecontrol.runtime.problem.ProblemException;
import io.releasecontrol.runtime.problem.ProblemException.FieldError;
import io.releasecontrol.runtime.problem.ProblemType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A rule as the API and the store show it: {@code metric} by wire name, {@code comparator} as a
 * symbol, {@code failure} as {failing, outOf} ("N consecutive" is failing = outOf).
 */
public record RuleView(
        String id,
        String metric,
        String comparator,
        Double threshold,
        String severity,
        String action,
        Duration window,
        Integer minSamples,
        Long minRequests,
        Failure failure,
        Duration recovery,
        Boolean canaryJudge,
        Boolean enabled,
        String mode,
        RatioView ratio,
        String counter,
        String gauge) {

    public record Failure(Integer failing, Integer outOf) {
    }

    /** A metric of the application's own: {@code metric} names it, as numerator / denominator of two sample counters. */
    public record RatioView(String numerator, String denominator) {
    }

    /**
     * A rule on a metric of the application's own, as one of: {@code ratio} (two sample counters),
     * {@code counter} (a sample counter, per minute) or {@code gauge} (a sample value, its mean).
     */
    public RuleView(String id, String metric, String comparator, Double threshold, String severity, String action,
            Duration window, Integer minSamples, Long minRequests, Failure failure, Duration recovery,
            Boolean canaryJudge, Boolean enabled, String mode, RatioView ratio) {
        this(id, metric, comparator, threshold, severity, action, window, minSamples, minRequests, failure, recovery,
                canaryJudge, enabled, mode, ratio, null, null);
    }

    /** A rule on a built-in metric. */
    public RuleView(String id, String metric, String comparator, Double threshold, String severity, String action,
            Duration window, Integer minSamples, Long minRequests, Failure failure, Duration recovery,
            Boolean canaryJudge, Boolean enabled, String mode) {
        this(id, metric, comparator, threshold, severity, action, window, minSamples, minRequests, failure, recovery,
                canaryJudge, enabled, mode, null);
    }

    static final Set<String> SEVERITIES = Set.of("critical", "warning", "info");
    /** The longest recovery accepted: a day of healthy evaluations (the engine adds it to sample times). */
    public static final Duration MAX_RECOVERY = Duration.ofDays(1);
    private static final java.util.regex.Pattern ID = java.util.regex.Pattern.compile("^[a-z0-9][a-z0-9-]{0,62}$");

    /** A rule as its JSON said it before {@code mode} existed: enforced. */
    public RuleView(String id, String metric, String comparator, Double threshold, String severity, String action,
            Duration window, Integer minSamples, Long minRequests, Failure failure, Duration recovery,
            Boolean canaryJudge, Boolean enabled) {
        this(id, metric, comparator, threshold, severity, action, window, minSamples, minRequests, failure, recovery,
                canaryJudge, enabled, null);
    }

    public static RuleView of(Rule r) {
        return new RuleView(r.id(), r.metricName(), r.comparator().symbol(), r.threshold(), r.severity(),
                r.action().wire(), r.window(), r.minSamples(), r.minRequests(),
                new Failure(r.failure().failing(), r.failure().outOf()), r.recovery(), r.canaryJudge(), r.enabled(),
                r.mode().wire(), r.ratio() == null ? null : new RatioView(r.ratio().numerator(), r.ratio().denominator()),
                r.custom() instanceof Rule.Counter c ? c.counter() : null,
                r.custom() instanceof Rule.Gauge g ? g.gauge() : null);
    }

    /** This view with {@code id} set (the path's). */
    public RuleView withId(String newId) {
        return new RuleView(newId, metric, comparator, threshold, severity, action, window, minSamples, minRequests,
                failure, recovery, canaryJudge, enabled, mode, ratio, counter, gauge);
    }

    /** The rule, or a 400 problem naming every invalid field (prefixed, e.g. {@code rules[1].metric}). */
    public Rule toRule(String prefix, Duration maxWindow) {
        List<FieldError> errors = new ArrayList<>();
        Rule rule = toRule(prefix, maxWindow, errors);
        if (!errors.isEmpty()) {
            throw invalid(errors);
        }
        return rule;
    }

    /** The rule, or null with every invalid field added to {@code errors} (prefixed). */
    public Rule toRule(String prefix, Duration maxWindow, List<FieldError> errors) {
        int before = errors.size();
        Metric m = null;
        Comparison c = null;
        Rule.Action a = null;
        Rule.Mode md = Rule.Mode.ENFORCE;
        if (id == null) {
            errors.add(new FieldError(prefix + "id", "is required"));
        } else if (!ID.matcher(id).matches()) {
            errors.add(new FieldError(prefix + "id", "must match " + ID.pattern()));
        }
        try {
            md = mode == null ? Rule.Mode.ENFORCE : Rule.Mode.fromWire(mode);
        } catch (IllegalArgumentException e) {
            errors.add(new FieldError(prefix + "mode", e.getMessage()));
        }
        int kinds = (ratio != null ? 1 : 0) + (counter != null ? 1 : 0) + (gauge != null ? 1 : 0);
        if (kinds == 0) {
            try {
                m = Metric.fromWire(metric == null ? "" : metric);
            } catch (IllegalArgumentException e) {
                errors.add(new FieldError(prefix + "metric", e.getMessage()));
            }
        } else if (kinds > 1) {
            errors.add(new FieldError(prefix + "metric", "a metric of your own is one of ratio, counter or gauge, not "
                    + kinds));
        } else {
            // a metric of the application's own: its name must not be a built-in one
            m = ratio != null ? Metric.CUSTOM_RATIO : counter != null ? Metric.CUSTOM_COUNTER : Metric.CUSTOM_GAUGE;
            if (metric == null || !metric.matches(Rule.Custom.NAME)) {
                errors.add(new FieldError(prefix + "metric", "a metric of your own must be named to match "
                        + Rule.Custom.NAME));
            } else if (Metric.builtIn().stream().anyMatch(b -> b.wireName().equals(metric))) {
                errors.add(new FieldError(prefix + "metric", "'" + metric + "' is a built-in metric: give yours a"
                        + " name of its own"));
            }
            if (ratio != null) {
                ratioErrors(prefix, errors);
            } else {
                String field = counter != null ? "counter" : "gauge";
                String name = counter != null ? counter : gauge;
                if (!name.matches(Rule.Custom.NAME)) {
                    errors.add(new FieldError(prefix + field, "must name a sample's custom value matching "
                            + Rule.Custom.NAME));
                }
            }
        }
        try {
            c = Comparison.fromSymbol(comparator == null ? ">" : comparator);
        } catch (IllegalArgumentException e) {
            errors.add(new FieldError(prefix + "comparator", e.getMessage()));
        }
        try {
            a = Rule.Action.valueOf((action == null ? "" : action).toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            errors.add(new FieldError(prefix + "action", "must be rollback or alert"));
        }
        if (threshold == null) {
            errors.add(new FieldError(prefix + "threshold", "is required"));
        } else if (!Double.isFinite(threshold)) {
            errors.add(new FieldError(prefix + "threshold", "must be a finite number"));
        }
        if (severity == null || !SEVERITIES.contains(severity)) {
            errors.add(new FieldError(prefix + "severity", "must be one of critical, warning, info"));
        }
        if (window != null && (window.isNegative() || window.isZero() || window.compareTo(maxWindow) > 0)) {
            errors.add(new FieldError(prefix + "window", "must be positive and at most the window retention "
                    + maxWindow));
        }
        if (recovery != null && (recovery.isNegative() || recovery.compareTo(MAX_RECOVERY) > 0)) {
            errors.add(new FieldError(prefix + "recovery", "must be between PT0S and " + MAX_RECOVERY));
        }
        if (minSamples != null && minSamples < 1) {
            errors.add(new FieldError(prefix + "minSamples", "must be at least 1"));
        }
        if (minRequests != null && minRequests < 0) {
            errors.add(new FieldError(prefix + "minRequests", "must not be negative"));
        }
        FailurePolicy policy = null;
        try {
            policy = failure == null ? FailurePolicy.consecutive(3)
                    : new FailurePolicy(failure.failing() == null ? 3 : failure.failing(),
                    failure.outOf() == null ? (failure.failing() == null ? 3 : failure.failing()) : failure.outOf());
        } catch (IllegalArgumentException e) {
            errors.add(new FieldError(prefix + "failure", e.getMessage()));
        }
        if (errors.size() > before) {
            return null;
        }
        try {
            return new Rule(id, m, c, threshold, severity, a, window == null ? Duration.ofMinutes(1) : window,
                    minSamples == null ? 5 : minSamples, minRequests == null ? 0 : minRequests, policy,
                    recovery == null ? Duration.ofSeconds(30) : recovery, canaryJudge == null || canaryJudge,
                    enabled == null || enabled, md, custom(m));
        } catch (IllegalArgumentException e) {
            errors.add(new FieldError(prefix + "rule", e.getMessage()));
            return null;
        }
    }

    private void ratioErrors(String prefix, List<FieldError> errors) {
        if (ratio.numerator() == null || !ratio.numerator().matches(Rule.Custom.NAME)) {
            errors.add(new FieldError(prefix + "ratio.numerator", "must name a custom counter matching "
                    + Rule.Custom.NAME));
        }
        if (ratio.denominator() == null || !ratio.denominator().matches(Rule.Custom.NAME)) {
            errors.add(new FieldError(prefix + "ratio.denominator", "must name a custom counter matching "
                    + Rule.Custom.NAME));
        } else if (ratio.denominator().equals(ratio.numerator())) {
            errors.add(new FieldError(prefix + "ratio.denominator", "must differ from the numerator"));
        }
        if (comparator != null && !">".equals(comparator)) {
            errors.add(new FieldError(prefix + "comparator", "a ratio is a share of failures (higher is worse):"
                    + " only > (define the failing share, e.g. checkout_failed / checkout_total)"));
        }
    }

    private Rule.Custom custom(Metric m) {
        return switch (m) {
            case CUSTOM_RATIO -> new Rule.Ratio(metric, ratio.numerator(), ratio.denominator());
            case CUSTOM_COUNTER -> new Rule.Counter(metric, counter);
            case CUSTOM_GAUGE -> new Rule.Gauge(metric, gauge);
            default -> null;
        };
    }

    /** The 400 validation problem listing every field in {@code errors}. */
    public static ProblemException invalid(List<FieldError> errors) {
        return new ProblemException(ProblemType.VALIDATION, errors.size() + " invalid field(s): "
                + String.join("; ", errors.stream().map(e -> e.field() + " " + e.message()).toList()),
                Map.of("errors", errors));
    }
}
