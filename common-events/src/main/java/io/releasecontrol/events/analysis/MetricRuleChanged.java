package io.releasecontrol.events.analysis;

import io.releasecontrol.events.EventType;
import io.releasecontrol.events.TargetKey;
import java.time.Duration;
import java.time.Instant;

/**
 * A global rule of metrics-service (one every target is judged by unless its application's policy
 * disables it) was created or replaced; {@code rule} is the rule after the change. It concerns every
 * target, so it is keyed {@code *:*}.
 *
 * @param ruleId    the rule's id
 * @param actor     who changed it: the caller's identity as the gateway authenticated it
 * @param change    created or replaced
 * @param rule      the rule after the change (its main settings; the whole rule is {@code GET /api/v1/rules/{id}})
 * @param changedAt when metrics-service stored it
 */
@EventType("io.releasecontrol.analysis.rule-changed.v1")
public record MetricRuleChanged(
        String ruleId,
        String actor,
        String change,
        Rule rule,
        Instant changedAt) implements AnalysisEvent {

    public static final String CREATED = "created";
    public static final String REPLACED = "replaced";
    /** The application and environment of a fact about every target. */
    public static final String EVERY = "*";

    /**
     * The rule's main settings: {@code metric} by wire name, {@code comparator} as a symbol, {@code
     * mode} enforce or dry-run, {@code enabled} false switches it off everywhere.
     */
    public record Rule(String metric, String comparator, Double threshold, Duration window, String action,
            String mode, Boolean enabled) {
    }

    @Override
    public String application() {
        return EVERY;
    }

    @Override
    public String environment() {
        return TargetKey.ALL_ENVIRONMENTS;
    }
}
