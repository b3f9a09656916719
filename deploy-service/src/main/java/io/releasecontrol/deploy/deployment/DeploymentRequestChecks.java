package io.releasecontrol.deploy.deployment;

import io.releasecontrol.deploy.validation.Names;
import io.releasecontrol.events.Strategy;
import io.releasecontrol.runtime.problem.InvalidFields;
import io.releasecontrol.runtime.problem.ProblemException.FieldError;
import jakarta.validation.Validator;
import jakarta.validation.groups.Default;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Create and promotion requests: their constraints, and what those cannot say — the version a request
 * deploys (it may come from branch and commit), its executor among those configured, a canary block only
 * for a canary, a hotfix's reason, a start time in the coming year. Pure; whether the executor can run in
 * the environment is checked apart (it needs the configuration).
 */
public final class DeploymentRequestChecks {

    private static final int MAX_REASON = 500;

    private DeploymentRequestChecks() {
    }

    /** The deployment a create request asks for, or the 400 naming every bad field. */
    public static NewDeployment newDeployment(Validator validator, DeploymentRequests.Create r, String requestedBy,
            Set<String> executors) {
        requireBody(r);
        InvalidFields.throwIfAny(DeploymentRequests.Create.class, validator.validate(r, groups(r.strategy())),
                across(r, executors, Instant.now()));
        return r.toNewDeployment(requestedBy);
    }

    /** The deployment a promotion asks for in its {@code to}, or the 400 naming every bad field. */
    public static NewDeployment promotion(Validator validator, DeploymentRequests.Promotion p, String requestedBy,
            Set<String> executors) {
        requireBody(p);
        List<FieldError> errors = new ArrayList<>();
        if (p.from() != null && p.from().equals(p.to())) {
            errors.add(new FieldError("to", "must differ from 'from' (" + p.from() + ")"));
        }
        canary(errors, p.strategy(), p.canary());
        executor(errors, p.executor(), executors);
        hotfix(errors, p.hotfix(), p.reason());
        InvalidFields.throwIfAny(DeploymentRequests.Promotion.class, validator.validate(p, groups(p.strategy())),
                errors);
        return p.toCreate().toNewDeployment(requestedBy);
    }

    /** The errors across the fields of a create request. */
    static List<FieldError> across(DeploymentRequests.Create r, Set<String> executors, Instant now) {
        List<FieldError> errors = new ArrayList<>();
        String version = r.versionToDeploy();
        if (version == null) {
            errors.add(new FieldError("version", "is required (or give branch and/or commit)"));
        } else if (!Names.isVersion(version)) {
            errors.add(new FieldError("version", "must match " + Names.VERSION + ", got '" + version + "'"));
        }
        canary(errors, r.strategy(), r.canary());
        executor(errors, r.executor(), executors);
        hotfix(errors, r.hotfix(), r.reason());
        scheduledAt(errors, r.scheduledAt(), now);
        return errors;
    }

    /** A canary block's own constraints apply to a canary deployment only. */
    private static Class<?>[] groups(String strategy) {
        return "canary".equals(strategy) ? new Class<?>[] {Default.class, DeploymentRequests.CanaryStrategy.class}
                : new Class<?>[] {Default.class};
    }

    private static void canary(List<FieldError> errors, String strategy, DeploymentRequests.Canary canary) {
        Strategy chosen = strategyOrNull(strategy);
        if (canary != null && chosen != null && chosen != Strategy.CANARY) {
            errors.add(new FieldError("canary", "only for strategy canary (strategy is " + chosen.wire() + ")"));
        }
    }

    private static void executor(List<FieldError> errors, String executor, Set<String> executors) {
        String chosen = executor == null ? "simulated" : executor;
        if (!executors.contains(chosen)) {
            errors.add(new FieldError("executor", "unknown executor '" + chosen + "' (expected "
                    + String.join(" or ", new TreeSet<>(executors)) + ")"));
        }
    }

    /** A hotfix needs its reason (it may pass a freeze window). */
    private static void hotfix(List<FieldError> errors, Boolean hotfix, String reason) {
        if (!Boolean.TRUE.equals(hotfix)) {
            return;
        }
        if (reason == null || reason.isBlank()) {
            errors.add(new FieldError("reason", "is required for a hotfix (why it cannot wait)"));
        } else if (reason.length() > MAX_REASON) {
            errors.add(new FieldError("reason", "must be at most " + MAX_REASON + " characters"));
        }
    }

    /** A start time in the future, within a year; its format is a constraint. */
    private static void scheduledAt(List<FieldError> errors, String value, Instant now) {
        Instant at;
        try {
            at = value == null ? null : Instant.parse(value).truncatedTo(ChronoUnit.MILLIS);
        } catch (DateTimeParseException e) {
            return;
        }
        if (at != null && !at.isAfter(now)) {
            errors.add(new FieldError("scheduledAt", "must be in the future, got " + value + " (now " + now + ")"));
        } else if (at != null && at.isAfter(now.plus(Duration.ofDays(366)))) {
            errors.add(new FieldError("scheduledAt", "must be within a year, got " + value));
        }
    }

    private static Strategy strategyOrNull(String strategy) {
        try {
            return strategy == null ? Strategy.ROLLING : Strategy.fromWire(strategy);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static void requireBody(Object body) {
        if (body == null) {
            throw InvalidFields.problem(List.of(new FieldError("body", "a JSON object is required")));
        }
    }
}
