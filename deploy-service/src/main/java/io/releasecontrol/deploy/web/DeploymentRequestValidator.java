package io.releasecontrol.deploy.web;

import io.releasecontrol.deploy.deployment.DeploymentOptions;
import io.releasecontrol.deploy.deployment.NewDeployment;
import io.releasecontrol.deploy.strategy.CanaryPlan;
import io.releasecontrol.deploy.strategy.RoutingConfig;
import io.releasecontrol.deploy.validation.FieldErrors;
import io.releasecontrol.events.Strategy;
import io.releasecontrol.runtime.problem.ProblemException;
import io.releasecontrol.runtime.problem.ProblemException.FieldError;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Turns a create request into a {@link NewDeployment}, or a 400 naming every bad field. Pure:
 * whether the executor can run in the environment is checked apart (it needs the configuration).
 */
final class DeploymentRequestValidator {

    static final Pattern NAME = FieldErrors.NAME;
    private static final int MAX_REASON = 500;
    /** the longest automatic pause between canary steps; longer waits are "manual" (promote resumes) */
    static final java.time.Duration MAX_CANARY_PAUSE = java.time.Duration.ofDays(7);
    private static final Pattern VERSION = Pattern.compile("^[A-Za-z0-9][A-Za-z0-9._+\\-/@]{0,127}$");

    private DeploymentRequestValidator() {
    }

    static NewDeployment validate(DeploymentRequests.Create r, String requestedBy, Set<String> executors) {
        if (r == null) {
            throw invalid(List.of(new FieldError("body", "a JSON object is required")));
        }
        List<FieldError> errors = new ArrayList<>();
        name(errors, "application", r.application());
        name(errors, "environment", r.environment());
        String version = version(errors, r);
        Strategy strategy = null;
        try {
            strategy = r.strategy() == null ? Strategy.ROLLING : Strategy.fromWire(r.strategy());
        } catch (IllegalArgumentException e) {
            errors.add(new FieldError("strategy", e.getMessage()));
        }
        String executor = r.executor() == null ? "simulated" : r.executor();
        if (!executors.contains(executor)) {
            errors.add(new FieldError("executor", "unknown executor '" + executor + "' (expected "
                    + String.join(" or ", new java.util.TreeSet<>(executors)) + ")"));
        }
        CanaryPlan canary = canary(errors, r.canary(), strategy);
        UUID rollbackOf = null;
        if (r.rollbackOf() != null) {
            try {
                rollbackOf = UUID.fromString(r.rollbackOf());
            } catch (IllegalArgumentException e) {
                errors.add(new FieldError("rollbackOf", "must be a deployment id (UUID), got '" + r.rollbackOf() + "'"));
            }
        }
        boolean hotfix = hotfix(errors, r.hotfix(), r.reason());
        java.time.Instant scheduledAt = scheduledAt(errors, r.scheduledAt());
        if (!errors.isEmpty()) {
            throw invalid(errors);
        }
        var o = r.options();
        var options = o == null ? new DeploymentOptions(false, false, null, r.branch(), r.commit(), List.of(), hotfix,
                        hotfix ? r.reason() : null, scheduledAt)
                : new DeploymentOptions(Boolean.TRUE.equals(o.skipBuild()), Boolean.TRUE.equals(o.skipMigration()),
                        o.description(), r.branch(), r.commit(), o.revertMigrations(), hotfix, hotfix ? r.reason() : null,
                        scheduledAt);
        return NewDeployment.builder().application(r.application()).environment(r.environment()).version(version)
                .strategy(strategy).executor(executor).canary(canary).requestedBy(requestedBy).rollbackOf(rollbackOf)
                .options(options).repair(Boolean.TRUE.equals(r.repair())).build();
    }

    /** A start time in the future, within a year. */
    private static java.time.Instant scheduledAt(List<FieldError> errors, String value) {
        if (value == null) {
            return null;
        }
        java.time.Instant at;
        try {
            at = java.time.Instant.parse(value).truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
        } catch (java.time.format.DateTimeParseException e) {
            errors.add(new FieldError("scheduledAt", "must be an ISO-8601 UTC time such as 2026-03-01T10:15:30Z, got '"
                    + value + "'"));
            return null;
        }
        java.time.Instant now = java.time.Instant.now();
        if (!at.isAfter(now)) {
            errors.add(new FieldError("scheduledAt", "must be in the future, got " + value + " (now " + now + ")"));
        } else if (at.isAfter(now.plus(java.time.Duration.ofDays(366)))) {
            errors.add(new FieldError("scheduledAt", "must be within a year, got " + value));
        }
        return at;
    }

    /** A hotfix needs its reason (it may pass a freeze window). */
    static boolean hotfix(List<FieldError> errors, Boolean hotfix, String reason) {
        if (!Boolean.TRUE.equals(hotfix)) {
            return false;
        }
        if (reason == null || reason.isBlank()) {
            errors.add(new FieldError("reason", "is required for a hotfix (why it cannot wait)"));
        } else if (reason.length() > MAX_REASON) {
            errors.add(new FieldError("reason", "must be at most " + MAX_REASON + " characters"));
        }
        return true;
    }

    private static void name(List<FieldError> errors, String field, String value) {
        FieldErrors.name(errors, field, value);
    }

    /** The version, or {@code branch@commit} when only those are given. */
    private static String version(List<FieldError> errors, DeploymentRequests.Create r) {
        String version = r.version();
        if (version == null || version.isBlank()) {
            if ((r.branch() == null || r.branch().isBlank()) && (r.commit() == null || r.commit().isBlank())) {
                errors.add(new FieldError("version", "is required (or give branch and/or commit)"));
                return null;
            }
            version = (r.branch() == null ? "" : r.branch()) + (r.commit() == null ? "" : "@" + r.commit());
        }
        if (!VERSION.matcher(version).matches()) {
            errors.add(new FieldError("version", "must match " + VERSION.pattern() + ", got '" + version + "'"));
        }
        return version;
    }

    private static CanaryPlan canary(List<FieldError> errors, DeploymentRequests.Canary c, Strategy strategy) {
        if (strategy != Strategy.CANARY) {
            if (c != null && strategy != null) {
                errors.add(new FieldError("canary", "only for strategy canary (strategy is " + strategy.wire() + ")"));
            }
            return null;
        }
        if (c == null) {
            return new CanaryPlan(CanaryPlan.DEFAULT_STEPS, null, null);
        }
        List<Integer> steps = c.steps() == null ? CanaryPlan.DEFAULT_STEPS : c.steps();
        String problem = CanaryPlan.problemWith(steps);
        if (problem != null) {
            errors.add(new FieldError("canary.steps", problem));
        }
        Duration pause = null;
        if (c.pause() != null && !"manual".equals(c.pause())) {
            try {
                pause = Duration.parse(c.pause());
                if (pause.isNegative() || pause.compareTo(MAX_CANARY_PAUSE) > 0) {
                    errors.add(new FieldError("canary.pause", "must be between PT0S and " + MAX_CANARY_PAUSE
                            + " (or \"manual\"), got " + c.pause()));
                }
            } catch (DateTimeParseException e) {
                errors.add(new FieldError("canary.pause", "must be an ISO-8601 duration such as PT30S, or \"manual\","
                        + " got '" + c.pause() + "'"));
            }
        }
        RoutingConfig routing = null;
        if (c.routing() != null) {
            var rr = c.routing();
            try {
                routing = new RoutingConfig(rr.userHashHeader(), rr.regionHeader(), rr.regions(), rr.cookie());
            } catch (IllegalArgumentException e) {
                errors.add(new FieldError("canary.routing.cookie", e.getMessage()));
            }
        }
        return problem == null ? new CanaryPlan(steps, pause, routing) : null;
    }

    static ProblemException invalid(List<FieldError> errors) {
        return FieldErrors.invalid(errors);
    }
}
