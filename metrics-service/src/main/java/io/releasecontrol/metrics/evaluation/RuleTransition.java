package io.releasecontrol.metrics.evaluation;

import io.releasecontrol.events.alert.Evidence;
import java.time.Instant;

/**
 * A rule opened a breach for a version, or a breach closed. {@code breachOpenedAt} (the time of
 * the sample that opened it) identifies the breach: event ids are derived from it, so a replayed
 * or redelivered evaluation produces the same ids. {@code action} is what this breach asks for: the
 * rule's action, or {@code alert} where the evidence does not support a rollback (an incident the
 * baseline shares, a count with no baseline to compare with).
 */
public record RuleTransition(
        Kind kind,
        Rule rule,
        Rule.Action action,
        String application,
        String environment,
        String version,
        Evidence evidence,
        Instant at,
        Instant breachOpenedAt) {

    public enum Kind { BREACHED, RECOVERED }

    public RuleTransition withEvidence(Evidence other) {
        return new RuleTransition(kind, rule, action, application, environment, version, other, at, breachOpenedAt);
    }

    /** What the event's {@code action} says: the breach's action, or {@code dry-run} for a rule in dry-run mode. */
    public String actionOnTheWire() {
        return rule.mode() == Rule.Mode.DRY_RUN ? Rule.Mode.DRY_RUN.wire() : action.wire();
    }
}
