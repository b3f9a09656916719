package io.releasecontrol.metrics.policy;

import io.releasecontrol.metrics.evaluation.Rule;
import io.releasecontrol.metrics.gate.GateSettings;
import io.releasecontrol.metrics.prometheus.PrometheusQueries;
import io.releasecontrol.metrics.rules.RuleView;
import io.releasecontrol.runtime.problem.ProblemException.FieldError;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Checks a policy field by field and names every bad one in one 400: the target's names, each rule
 * (as the rules API checks it, prefixed {@code rules[i].}), what a disable names, each gate field
 * against {@link GateSettings}' bounds and each Prometheus template ({@code prometheus.<field>}), so
 * nothing is stored the engine, a gate or the pull cannot compute with.
 */
final class PolicyValidator {

    static final Pattern APPLICATION = Pattern.compile("^[a-z0-9][a-z0-9-]{1,62}$");
    static final Pattern ENVIRONMENT = Pattern.compile("^[a-z0-9][a-z0-9-]{0,62}$");

    private final Duration maxWindow;
    /** a policy's gate fields it leaves out: the configured defaults (rc.metrics.gate.*) */
    private final GateSettings gateDefaults;

    PolicyValidator(Duration maxWindow, GateSettings gateDefaults) {
        this.maxWindow = maxWindow;
        this.gateDefaults = gateDefaults;
    }

    /** The target's names: application required, environment optional. */
    static List<FieldError> target(String application, String environment) {
        List<FieldError> errors = new ArrayList<>();
        if (application == null || !APPLICATION.matcher(application).matches()) {
            errors.add(new FieldError("application", "must match " + APPLICATION.pattern()));
        }
        if (environment != null && !ENVIRONMENT.matcher(environment).matches()) {
            errors.add(new FieldError("environment", "must match " + ENVIRONMENT.pattern()));
        }
        return errors;
    }

    /**
     * @param inherited ids a disable may name: the global rules', plus the application policy's for an environment policy
     * @return the policy, or throws a 400 listing every invalid field
     */
    AnalysisPolicy validate(String application, String environment, PolicyRequest body, Set<String> inherited,
            String actor, Instant now) {
        List<FieldError> errors = target(application, environment);
        List<Rule> rules = new ArrayList<>();
        List<String> disabled = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        List<RuleView> entries = body == null || body.rules() == null ? List.of() : body.rules();
        for (int i = 0; i < entries.size(); i++) {
            String prefix = "rules[" + i + "].";
            RuleView entry = entries.get(i);
            if (entry == null) {
                errors.add(new FieldError("rules[" + i + "]", "is null"));
                continue;
            }
            if (entry.id() != null && !seen.add(entry.id())) {
                errors.add(new FieldError(prefix + "id", "appears more than once in the policy"));
            }
            if (PolicyRequest.disablesOnly(entry)) {
                if (entry.id() == null || !inherited.contains(entry.id())) {
                    errors.add(new FieldError(prefix + "id", "disables no inherited rule (known: "
                            + inherited.stream().sorted().toList() + ")"));
                } else {
                    disabled.add(entry.id());
                }
                continue;
            }
            Rule rule = entry.toRule(prefix, maxWindow, errors);
            if (rule != null) {
                rules.add(rule);
            }
        }
        GateSettings gate = body == null || body.gate() == null ? null : gate(body.gate(), gateDefaults, errors);
        PrometheusQueries prometheus = body == null || body.prometheus() == null ? null
                : PrometheusQueries.parse(body.prometheus(), "prometheus", errors);
        if (!errors.isEmpty()) {
            throw RuleView.invalid(errors);
        }
        return new AnalysisPolicy(application, environment, rules, disabled, gate, prometheus, actor, now);
    }

    /** The gate with missing fields from the defaults; null when a field is invalid (added to {@code errors}). */
    static GateSettings gate(PolicyRequest.GateRequest g, GateSettings d, List<FieldError> errors) {
        int before = errors.size();
        long minRequests = g.minRequests() == null ? d.minRequests() : g.minRequests();
        if (minRequests < 0 || minRequests > GateSettings.MAX_REQUESTS) {
            errors.add(new FieldError("gate.minRequests", "must be between 0 and " + GateSettings.MAX_REQUESTS));
        }
        int minIntervals = g.minIntervals() == null ? d.minIntervals() : g.minIntervals();
        if (minIntervals < 0 || minIntervals > GateSettings.MAX_INTERVALS) {
            errors.add(new FieldError("gate.minIntervals", "must be between 0 and " + GateSettings.MAX_INTERVALS));
        }
        Duration maxWait = duration("gate.maxWait", g.maxWait(), d.maxWait(), errors);
        Duration bake = duration("gate.bake", g.bake(), d.bake(), errors);
        GateSettings.OnTimeout onTimeout = d.onTimeout();
        if (g.onTimeout() != null) {
            try {
                onTimeout = GateSettings.OnTimeout.valueOf(g.onTimeout().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                errors.add(new FieldError("gate.onTimeout", "must be hold or fail"));
            }
        }
        return errors.size() > before ? null : new GateSettings(minRequests, minIntervals, maxWait, onTimeout, bake);
    }

    /** An ISO-8601 duration between PT0S and {@link GateSettings#MAX_WAIT}. */
    private static Duration duration(String field, String text, Duration fallback, List<FieldError> errors) {
        if (text == null) {
            return fallback;
        }
        try {
            Duration d = Duration.parse(text);
            if (!d.isNegative() && d.compareTo(GateSettings.MAX_WAIT) <= 0) {
                return d;
            }
        } catch (DateTimeParseException | ArithmeticException e) {
            // named below, like an out-of-range one
        }
        errors.add(new FieldError(field, "must be an ISO-8601 duration between PT0S and " + GateSettings.MAX_WAIT));
        return fallback;
    }
}
