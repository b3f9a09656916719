package io.releasecontrol.orchestrator.web;

import io.releasecontrol.runtime.problem.ProblemException;
import io.releasecontrol.runtime.problem.ProblemType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** Request bodies of the rollback API and their validation (every bad field at once, as problem+json). */
final class RollbackRequests {

    /** Application and environment names (DESIGN §10). */
    static final Pattern NAME = Pattern.compile("^[a-z0-9][a-z0-9-]{1,62}$");
    private static final Pattern VERSION = Pattern.compile("^[0-9A-Za-z][0-9A-Za-z.+-]{0,63}$");
    static final int MAX_REASON = 500;

    private RollbackRequests() {
    }

    /** {@code POST /api/v1/rollbacks}. */
    record ManualRollback(String application, String environment, String targetVersion, String reason) {
    }

    /** Body of approve / abort / confirm-repair; optional. */
    record OperatorAction(String reason) {
    }

    static void validate(ManualRollback body) {
        if (body == null) {
            throw new ProblemException(ProblemType.VALIDATION, "a body {application, environment, reason} is required",
                    Map.of("errors", List.of(new ProblemException.FieldError("body", "is required"))));
        }
        List<ProblemException.FieldError> errors = new ArrayList<>();
        name(errors, "application", body.application());
        name(errors, "environment", body.environment());
        if (body.targetVersion() != null && !VERSION.matcher(body.targetVersion()).matches()) {
            errors.add(new ProblemException.FieldError("targetVersion", "must be a version like 1.4.2, got '"
                    + body.targetVersion() + "'"));
        }
        reason(errors, body.reason(), true);
        throwIfAny(errors);
    }

    static String reason(OperatorAction body) {
        List<ProblemException.FieldError> errors = new ArrayList<>();
        reason(errors, body == null ? null : body.reason(), false);
        throwIfAny(errors);
        return body == null ? null : body.reason();
    }

    static void checkName(String field, String value) {
        if (value != null) {
            List<ProblemException.FieldError> errors = new ArrayList<>();
            name(errors, field, value);
            throwIfAny(errors);
        }
    }

    private static void name(List<ProblemException.FieldError> errors, String field, String value) {
        if (value == null || value.isBlank()) {
            errors.add(new ProblemException.FieldError(field, "is required"));
        } else if (!NAME.matcher(value).matches()) {
            errors.add(new ProblemException.FieldError(field, "must match " + NAME.pattern() + ", got '" + value + "'"));
        }
    }

    private static void reason(List<ProblemException.FieldError> errors, String reason, boolean required) {
        if (reason == null || reason.isBlank()) {
            if (required) {
                errors.add(new ProblemException.FieldError("reason", "is required: say why, for the 3 a.m. reader"));
            }
        } else if (reason.length() > MAX_REASON) {
            errors.add(new ProblemException.FieldError("reason", "must be at most " + MAX_REASON + " characters"));
        }
    }

    private static void throwIfAny(List<ProblemException.FieldError> errors) {
        if (!errors.isEmpty()) {
            throw new ProblemException(ProblemType.VALIDATION, errors.size() == 1
                    ? errors.get(0).field() + ": " + errors.get(0).message()
                    : errors.size() + " fields are invalid", Map.of("errors", errors));
        }
    }
}
