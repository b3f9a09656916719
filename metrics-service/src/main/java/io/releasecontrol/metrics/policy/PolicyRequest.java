package io.releasecontrol.metrics.policy;

import io.releasecontrol.metrics.rules.RuleView;
import java.util.List;
import java.util.Map;

/**
 * The body of {@code PUT /api/v1/applications/{app}/analysis}. A rule entry with only {@code id} and
 * {@code enabled: false} disables the inherited rule of that id; any other entry is a whole rule
 * that adds to or replaces (wholesale) the inherited rule of its id. Gate durations are read as text
 * so a bad one is named field by field, like every other mistake. {@code prometheus}: sample field
 * to PromQL template (docs/metrics.md, "Prometheus pull").
 */
record PolicyRequest(List<RuleView> rules, GateRequest gate, Map<String, String> prometheus) {

    PolicyRequest(List<RuleView> rules, GateRequest gate) {
        this(rules, gate, null);
    }

    record GateRequest(Long minRequests, Integer minIntervals, String maxWait, String onTimeout, String bake) {
    }

    /** Whether the entry only switches an inherited rule off. */
    static boolean disablesOnly(RuleView r) {
        return Boolean.FALSE.equals(r.enabled()) && r.metric() == null && r.threshold() == null
                && r.severity() == null && r.action() == null && r.comparator() == null && r.window() == null;
    }
}
