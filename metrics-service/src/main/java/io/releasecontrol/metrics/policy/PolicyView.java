package io.releasecontrol.metrics.policy;

import io.releasecontrol.metrics.evaluation.EffectiveRules;
import io.releasecontrol.metrics.gate.GateSettings;
import io.releasecontrol.metrics.rules.RuleView;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /api/v1/applications/{app}/analysis}: the stored policy of this scope (null when none)
 * and what evaluates the target now: every rule with the policy it comes from, and the gate.
 */
record PolicyView(String application, String environment, Stored policy, Effective effective) {

    /** The policy as stored; a disabled inherited rule shows as {@code {id, enabled: false}}. */
    record Stored(List<RuleView> rules, GateSettings.View gate, Map<String, String> prometheus, String updatedBy,
            Instant updatedAt) {
    }

    /** @param prometheus the templates the target is pulled with, from {@code prometheusSource}; null when none */
    record Effective(List<SourcedRule> rules, GateSettings.View gate, String gateSource,
            Map<String, String> prometheus, String prometheusSource) {
    }

    /** @param source global, application shop, or application shop, environment production */
    record SourcedRule(String source, RuleView rule) {
    }

    static PolicyView of(String application, String environment, AnalysisPolicy policy, EffectiveRules effective,
            PolicySet.Gate gate, PolicySet.Templates templates) {
        Stored stored = null;
        if (policy != null) {
            List<RuleView> rules = new ArrayList<>();
            policy.disabled().forEach(id -> rules.add(new RuleView(id, null, null, null, null, null, null, null, null,
                    null, null, null, false, null)));
            policy.rules().forEach(r -> rules.add(RuleView.of(r)));
            stored = new Stored(rules, policy.gate() == null ? null : policy.gate().view(),
                    policy.prometheus() == null ? null : policy.prometheus().texts(), policy.updatedBy(),
                    policy.updatedAt());
        }
        List<SourcedRule> rules = effective.rules().stream()
                .map(r -> new SourcedRule(effective.originOf(r.id()), RuleView.of(r))).toList();
        return new PolicyView(application, environment, stored,
                new Effective(rules, gate.settings() == null ? null : gate.settings().view(), gate.source(),
                        templates == null ? null : templates.queries().texts(),
                        templates == null ? null : templates.source()));
    }
}
