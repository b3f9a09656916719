package io.releasecontrol.orchestrator.decision;

import io.releasecontrol.events.alert.BreachEvent;
import io.releasecontrol.events.alert.DataCorruptionReported;
import io.releasecontrol.events.alert.Evidence;
import java.time.Duration;
import java.time.Instant;

/**
 * What asks for a decision: a breach, a corruption report or a person. The evidence fields are
 * null for a corruption report or a manual rollback.
 *
 * @param cause          breach, manual or corruption (the saga's {@code cause})
 * @param version        the version the trigger is about (the breaching one); null for a manual rollback
 * @param action         the rule's action: rollback or alert (dry-run for a rule in dry-run mode); null unless a breach
 * @param requestedVersion a manual rollback's explicit target version, else null
 * @param requestedBy    who asked (a person, or the rule)
 * @param dryRunAction   for a dry-run rule's breach: the action it would have asked for (rollback or alert), else null
 */
public record Trigger(
        String cause,
        String application,
        String environment,
        String version,
        String action,
        String rule,
        String metric,
        Double observed,
        Double threshold,
        Duration window,
        Integer samples,
        String statistic,
        Double trafficPercent,
        String requestedVersion,
        String requestedBy,
        String description,
        Instant at,
        String dryRunAction) {

    public static final String BREACH = "breach";
    /** The action of a breach of a rule in dry-run mode. */
    public static final String DRY_RUN = "dry-run";

    /** A trigger that is not a dry run. */
    public Trigger(String cause, String application, String environment, String version, String action, String rule,
            String metric, Double observed, Double threshold, Duration window, Integer samples, String statistic,
            Double trafficPercent, String requestedVersion, String requestedBy, String description, Instant at) {
        this(cause, application, environment, version, action, rule, metric, observed, threshold, window, samples,
                statistic, trafficPercent, requestedVersion, requestedBy, description, at, null);
    }

    /** A breach of a dry-run rule: recorded, never acted on. */
    public boolean dryRun() {
        return BREACH.equals(cause) && DRY_RUN.equals(action);
    }
    public static final String MANUAL = "manual";
    public static final String CORRUPTION = "corruption";

    public static Trigger breach(BreachEvent e) {
        Evidence ev = e.evidence();
        return new Trigger(BREACH, e.application(), e.environment(), e.version(), e.action(),
                ev == null ? null : ev.rule(), ev == null ? null : ev.metric(), ev == null ? null : ev.observed(),
                ev == null ? null : ev.threshold(), ev == null ? null : ev.window(), ev == null ? null : ev.samples(),
                ev == null ? null : ev.statistic(), ev == null ? null : ev.trafficPercent(), null,
                ev == null ? "metrics-service" : "rule " + ev.rule(), null, e.detectedAt(),
                ev == null ? null : ev.dryRunAction());
    }

    public static Trigger corruption(DataCorruptionReported e) {
        return new Trigger(CORRUPTION, e.application(), e.environment(), e.version(), null, null, null, null, null,
                null, null, null, null, null, e.reportedBy(), e.description(), e.reportedAt());
    }

    public static Trigger manual(String application, String environment, String targetVersion, String by,
            String reason, Instant at) {
        return new Trigger(MANUAL, application, environment, null, null, null, null, null, null, null, null, null,
                null, targetVersion, by, reason, at);
    }
}
