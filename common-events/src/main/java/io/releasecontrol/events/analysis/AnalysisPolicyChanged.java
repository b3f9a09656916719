package io.releasecontrol.events.analysis;

import io.releasecontrol.events.EventType;
import io.releasecontrol.events.TargetKey;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * An application's analysis policy (or its policy for one environment) was created, replaced or
 * deleted; {@code rules} and {@code gate} are the policy after the change.
 *
 * @param environment null for the application-wide policy (record key {@code application:*})
 * @param actor       who changed it: the caller's identity as the gateway authenticated it
 * @param change      created, replaced or deleted
 * @param rules       the policy's own rules after the change (not the merged set), empty once deleted
 * @param gate        the policy's step gate after the change, missing fields filled with the defaults; null
 *                    once deleted or when the policy sets none
 */
@EventType("io.releasecontrol.analysis.policy-changed.v1")
public record AnalysisPolicyChanged(
        String application,
        String environment,
        String actor,
        String change,
        List<PolicyRule> rules,
        Gate gate,
        Instant changedAt) implements AnalysisEvent {

    public static final String CREATED = "created";
    public static final String REPLACED = "replaced";
    public static final String DELETED = "deleted";

    /**
     * One rule of the policy: {@code mode} enforce or dry-run; {@code enabled} false disables the
     * global rule of that id for this scope.
     */
    public record PolicyRule(String id, String mode, Boolean enabled) {
    }

    /** The evidence a deployment step needs (see metrics-service's {@code GateSettings}). */
    public record Gate(Long minRequests, Integer minIntervals, Duration maxWait, String onTimeout, Duration bake) {
    }

    public AnalysisPolicyChanged {
        rules = rules == null ? List.of() : List.copyOf(rules);
    }

    /** {@code application:environment}, or {@code application:*} for the application-wide policy. */
    @Override
    public String key() {
        return TargetKey.of(application, environment == null ? TargetKey.ALL_ENVIRONMENTS : environment);
    }
}
