package io.releasecontrol.deploy.release;

import io.releasecontrol.deploy.checklist.AutoCheck;
import io.releasecontrol.runtime.problem.InvalidFields;
import io.releasecontrol.runtime.problem.ProblemException.FieldError;
import jakarta.validation.Validator;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * What a {@link PolicyDocument}'s constraints cannot say: the rules across its fields (a freeze window's
 * shape, checklist ids unique across pre and post, what needs {@code requiredPreceding}) and against the
 * environment it is for. Pure.
 */
final class PolicyChecks {

    private PolicyChecks() {
    }

    /** The policy {@code d} describes for {@code environment}, or the 400 naming every bad field. */
    static EnvironmentPolicy policy(Validator validator, String environment, PolicyDocument d, String updatedBy,
            Instant updatedAt) {
        if (d == null) {
            throw InvalidFields.problem(List.of(new FieldError("body", "a JSON object is required")));
        }
        InvalidFields.throwIfAny(PolicyDocument.class, validator.validate(d), across(environment, d));
        return d.toPolicy(environment, updatedBy, updatedAt);
    }

    /** The errors across fields; a field's own rule broken too is reported instead (InvalidFields). */
    static List<FieldError> across(String environment, PolicyDocument d) {
        List<FieldError> errors = new ArrayList<>();
        if (environment.equals(d.requiredPreceding())) {
            errors.add(new FieldError("requiredPreceding", "must be another environment than " + environment));
        }
        Duration soak = durationOrNull(d.minimumSoak());
        if (soak != null && soak.compareTo(Duration.ZERO) > 0 && d.requiredPreceding() == null) {
            errors.add(new FieldError("minimumSoak", "needs requiredPreceding (the environment the version soaks in)"));
        }
        List<PolicyDocument.Window> windows = d.freezeWindows() == null ? List.of() : d.freezeWindows();
        for (int i = 0; i < windows.size(); i++) {
            if (windows.get(i) != null) {
                window(errors, "freezeWindows[" + i + "]", windows.get(i));
            }
        }
        if (d.checklist() != null) {
            Set<String> ids = new HashSet<>();
            items(errors, "checklist.pre", d.checklist().pre(), ids, true, d.requiredPreceding());
            items(errors, "checklist.post", d.checklist().post(), ids, false, d.requiredPreceding());
        }
        return errors;
    }

    /** Either a date range or a weekly window, with what that shape needs. */
    private static void window(List<FieldError> errors, String at, PolicyDocument.Window w) {
        boolean range = w.start() != null || w.end() != null;
        boolean weekly = w.days() != null || w.from() != null || w.to() != null;
        if (range == weekly) {
            errors.add(new FieldError(at, range
                    ? "give either start/end (date range) or days/from/to (weekly), not both"
                    : "give start and end (date range) or days, from and to (weekly)"));
            return;
        }
        if (range) {
            LocalDateTime start = dateTime(errors, at + ".start", w.start(), false);
            LocalDateTime end = dateTime(errors, at + ".end", w.end(), true);
            if (start != null && end != null && !start.isBefore(end)) {
                errors.add(new FieldError(at + ".end", "must be after start (" + w.start() + ")"));
            }
            return;
        }
        if (w.days() == null || w.days().isEmpty()) {
            errors.add(new FieldError(at + ".days", "is required: one or more of MONDAY..SUNDAY (or MON..SUN)"));
        } else {
            for (int j = 0; j < w.days().size(); j++) {
                if (FreezeWindow.day(w.days().get(j)) == null) {
                    errors.add(new FieldError(at + ".days[" + j + "]", "must be MONDAY..SUNDAY or MON..SUN, got '"
                            + w.days().get(j) + "'"));
                }
            }
        }
        time(errors, at + ".from", w.from());
        time(errors, at + ".to", w.to());
    }

    private static void time(List<FieldError> errors, String field, String value) {
        if (value == null) {
            errors.add(new FieldError(field, "is required (local time such as 18:00)"));
            return;
        }
        try {
            LocalTime.parse(value);
        } catch (DateTimeParseException e) {
            errors.add(new FieldError(field, "must be a local time such as 18:00, got '" + value + "'"));
        }
    }

    private static LocalDateTime dateTime(List<FieldError> errors, String field, String value, boolean end) {
        if (value == null) {
            errors.add(new FieldError(field, "is required (local date-time such as 2026-12-20T18:00, or a date)"));
            return null;
        }
        try {
            return end ? FreezeWindow.rangeEnd(value) : FreezeWindow.rangeStart(value);
        } catch (DateTimeParseException e) {
            errors.add(new FieldError(field, "must be a local date-time such as 2026-12-20T18:00 or a date such as"
                    + " 2026-12-20, got '" + value + "'"));
            return null;
        }
    }

    /** Ids unique across pre and post; only pre items have automatic checks, one needs the preceding environment. */
    private static void items(List<FieldError> errors, String at, List<PolicyDocument.Item> items, Set<String> ids,
            boolean pre, String preceding) {
        for (int i = 0; items != null && i < items.size(); i++) {
            PolicyDocument.Item item = items.get(i);
            if (item == null) {
                continue;
            }
            String field = at + "[" + i + "]";
            if (item.id() != null && !ids.add(item.id())) {
                errors.add(new FieldError(field + ".id", "'" + item.id() + "' is used twice (ids are unique across"
                        + " pre and post)"));
            }
            String problem = item.check() == null ? null : checkProblem(item.check(), pre, preceding);
            if (problem != null) {
                errors.add(new FieldError(field + ".check", problem));
            }
        }
    }

    private static String checkProblem(String check, boolean pre, String preceding) {
        if (!pre) {
            return "post-deployment items are confirmed by people: remove check";
        }
        var known = AutoCheck.fromWire(check);
        if (known.isEmpty()) {
            return "must be one of " + String.join(", ", Arrays.stream(AutoCheck.values()).map(AutoCheck::wire)
                    .toList()) + " (or absent: a manual item), got '" + check + "'";
        }
        if (known.get() == AutoCheck.PREVIOUS_ENVIRONMENT_HEALTHY && preceding == null) {
            return "previous-environment-healthy needs requiredPreceding (the environment whose health is checked)";
        }
        return null;
    }

    private static Duration durationOrNull(String text) {
        try {
            return text == null ? null : Duration.parse(text);
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
