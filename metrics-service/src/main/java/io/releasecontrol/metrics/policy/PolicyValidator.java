package io.releasecontrol.metrics.policy;

import io.releasecontrol.metrics.evaluation.Rule;
import io.releasecontrol.metrics.gate.GateSettings;
import io.releasecontrol.metrics.prometheus.PrometheusQueries;
import io.releasecontrol.metrics.rules.RuleView;
import io.releasecontrol.runtime.problem.InvalidFields;
import io.releasecontrol.runtime.problem.ProblemException.FieldError;
import jakarta.validation.Validator;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Checks a policy field by field and names every bad one in one 400, in the request's order: the
 * target's names ({@link PolicyTarget}), each rule (as the rules API reads it, prefixed {@code
 * rules[i].}), what a disable names, each gate field ({@link PolicyRequest.GateRequest}, against
 * {@link GateSettings}' bounds) and each Prometheus template ({@code prometheus.<field>}), so nothing
 * is stored the engine, a gate or the pull cannot compute with. The names and the gate are checked by
 * their constraints; rules and templates as they are read, and what a disable names against the
 * inherited rules, here.
 */
final class PolicyValidator {

    private final Validator validator;
    private final Duration maxWindow;
    /** a policy's gate fields it leaves out: the configured defaults (rc.metrics.gate.*) */
    private final GateSettings gateDefaults;

    PolicyValidator(Validator validator, Duration maxWindow, GateSettings gateDefaults) {
        this.validator = validator;
        this.maxWindow = maxWindow;
        this.gateDefaults = gateDefaults;
    }

    /** The target's names, application required, environment optional; a 400 naming each bad one. */
    void checkTarget(String application, String environment) {
        InvalidFields.throwIfAny(validator.validate(new PolicyTarget(application, environment)));
    }

    /**
     * @param inherited ids a disable may name: the global rules', plus the application policy's for an environment policy
     * @return the policy, or throws a 400 listing every invalid field
     */
    AnalysisPolicy validate(String application, String environment, PolicyRequest body, Set<String> inherited,
            String actor, Instant now) {
        List<FieldError> errors = new ArrayList<>(InvalidFields.of(validator.validate(
                new PolicyTarget(application, environment))));
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
        List<FieldError> gateErrors = body == null ? List.of() : InvalidFields.of(validator.validate(body));
        errors.addAll(gateErrors);
        GateSettings gate = body == null || body.gate() == null || !gateErrors.isEmpty() ? null
                : body.gate().settings(gateDefaults);
        PrometheusQueries prometheus = body == null || body.prometheus() == null ? null
                : PrometheusQueries.parse(body.prometheus(), "prometheus", errors);
        InvalidFields.throwIfAny(errors);
        return new AnalysisPolicy(application, environment, rules, disabled, gate, prometheus, actor, now);
    }
}
