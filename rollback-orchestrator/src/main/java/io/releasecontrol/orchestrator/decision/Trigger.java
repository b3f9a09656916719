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
 * @param action         the rule's action: rollback or alert; null unless a breach
 * @param requestedVersion a manual rollback's explicit target version, else null
 * @param requestedBy    who asked (a person, or the rule)
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
        Instant at) {

    public static final String BREACH = "breach";
    public static final String MANUAL = "manual";
    public static final String CORRUPTION = "corruption";

    public static Trigger breach(BreachEvent e) {
        Evidence ev = e.evidence();
        return new Trigger(BREACH, e.application(), e.environment(), e.version(), e.action(),
                ev == null ? null : ev.rule(), ev == null ? null : ev.metric(), ev == null ? null : ev.observed(),
                ev == null ? null : ev.threshold(), ev == null ? null : ev.window(), ev == null ? null : ev.samples(),
                ev == null ? null : ev.statistic(), ev == null ? null : ev.trafficPercent(), null,
                ev == null ? "metrics-service" : "rule " + ev.rule(), null, e.detectedAt());
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
