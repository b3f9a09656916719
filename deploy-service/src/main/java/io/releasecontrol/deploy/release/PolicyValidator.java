package io.releasecontrol.deploy.release;

import io.releasecontrol.deploy.checklist.Checklist;
import io.releasecontrol.deploy.validation.FieldErrors;
import io.releasecontrol.events.Strategy;
import io.releasecontrol.runtime.identity.TrustedIdentity;
import io.releasecontrol.runtime.problem.ProblemException.FieldError;
import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** Turns a {@link PolicyDocument} into an {@link EnvironmentPolicy}, or a 400 naming every bad field. Pure. */
public final class PolicyValidator {

    private static final int MAX_APPROVALS = 10;
    private static final int MAX_WINDOWS = 50;
    /** the longest soak a promotion can demand: a quarter (the time arithmetic stays far from overflow) */
    static final Duration MAX_SOAK = Duration.ofDays(90);
    /** the longest a deployment may wait for its approvals */
    static final Duration MAX_APPROVAL_TIMEOUT = Duration.ofDays(30);

    private PolicyValidator() {
    }

    public static EnvironmentPolicy validate(String environment, PolicyDocument d, String updatedBy,
            Instant updatedAt) {
        if (d == null) {
            throw FieldErrors.invalid(List.of(new FieldError("body", "a JSON object is required")));
        }
        List<FieldError> errors = new ArrayList<>();
        String preceding = d.requiredPreceding();
        if (preceding != null) {
            if (!FieldErrors.NAME.matcher(preceding).matches()) {
                errors.add(new FieldError("requiredPreceding", "must match " + FieldErrors.NAME.pattern() + ", got '"
                        + preceding + "'"));
            } else if (preceding.equals(environment)) {
                errors.add(new FieldError("requiredPreceding", "must be another environment than " + environment));
            }
        }
        Duration soak = duration(errors, "minimumSoak", d.minimumSoak(), Duration.ZERO, MAX_SOAK);
        if (soak != null && soak.compareTo(Duration.ZERO) > 0 && preceding == null) {
            errors.add(new FieldError("minimumSoak", "needs requiredPreceding (the environment the version soaks in)"));
        }
        int approvals = d.approvalsRequired() == null ? 0 : d.approvalsRequired();
        if (approvals < 0 || approvals > MAX_APPROVALS) {
            errors.add(new FieldError("approvalsRequired", "must be 0.." + MAX_APPROVALS + ", got " + approvals));
        }
        String role = d.approverRole() == null ? TrustedIdentity.ADMIN : d.approverRole();
        if (!Set.of(TrustedIdentity.ADMIN, TrustedIdentity.DEPLOYER).contains(role)) {
            errors.add(new FieldError("approverRole", "must be admin or deployer, got '" + role + "'"));
        }
        Duration timeout = duration(errors, "approvalTimeout", d.approvalTimeout(), Duration.ofHours(24),
                MAX_APPROVAL_TIMEOUT);
        if (timeout != null && timeout.isZero()) {
            errors.add(new FieldError("approvalTimeout", "must be positive"));
        }
        Set<Strategy> strategies = EnumSet.noneOf(Strategy.class);
        if (d.allowedStrategies() == null) {
            strategies.addAll(EnumSet.allOf(Strategy.class));
        } else if (d.allowedStrategies().isEmpty()) {
            errors.add(new FieldError("allowedStrategies", "must name at least one of rolling, blue-green, canary"));
        } else {
            for (int i = 0; i < d.allowedStrategies().size(); i++) {
                try {
                    strategies.add(Strategy.fromWire(d.allowedStrategies().get(i)));
                } catch (IllegalArgumentException | NullPointerException e) {
                    errors.add(new FieldError("allowedStrategies[" + i + "]", "must be rolling, blue-green or canary,"
                            + " got '" + d.allowedStrategies().get(i) + "'"));
                }
            }
        }
        List<FreezeWindow> windows = new ArrayList<>();
        List<PolicyDocument.Window> given = d.freezeWindows() == null ? List.of() : d.freezeWindows();
        if (given.size() > MAX_WINDOWS) {
            errors.add(new FieldError("freezeWindows", "at most " + MAX_WINDOWS + " windows, got " + given.size()));
        }
        Set<String> names = new HashSet<>();
        for (int i = 0; i < given.size() && i < MAX_WINDOWS; i++) {
            FreezeWindow w = window(errors, "freezeWindows[" + i + "]", given.get(i));
            if (w != null && !names.add(w.name())) {
                errors.add(new FieldError("freezeWindows[" + i + "].name", "'" + w.name() + "' is used twice"));
            } else if (w != null) {
                windows.add(w);
            }
        }
        Checklist checklist = ChecklistValidator.validate(errors, d.checklist(), preceding);
        if (!errors.isEmpty()) {
            throw FieldErrors.invalid(errors);
        }
        return new EnvironmentPolicy(environment, preceding, soak, approvals, role, timeout, strategies, windows,
                checklist, updatedBy, updatedAt);
    }

    private static FreezeWindow window(List<FieldError> errors, String at, PolicyDocument.Window w) {
        if (w == null) {
            errors.add(new FieldError(at, "must be an object"));
            return null;
        }
        int before = errors.size();
        if (w.name() == null || w.name().isBlank()) {
            errors.add(new FieldError(at + ".name", "is required"));
        } else if (w.name().length() > 100) {
            errors.add(new FieldError(at + ".name", "must be at most 100 characters"));
        }
        ZoneId zone = null;
        if (w.zone() == null) {
            errors.add(new FieldError(at + ".zone", "is required (an IANA time zone such as Europe/Berlin, or UTC)"));
        } else {
            try {
                zone = ZoneId.of(w.zone());
            } catch (DateTimeException e) {
                errors.add(new FieldError(at + ".zone", "unknown time zone '" + w.zone() + "'"));
            }
        }
        boolean range = w.start() != null || w.end() != null;
        boolean weekly = w.days() != null || w.from() != null || w.to() != null;
        if (range == weekly) {
            errors.add(new FieldError(at, range ? "give either start/end (date range) or days/from/to (weekly), not both"
                    : "give start and end (date range) or days, from and to (weekly)"));
            return null;
        }
        if (range) {
            LocalDateTime start = dateTime(errors, at + ".start", w.start(), false);
            LocalDateTime end = dateTime(errors, at + ".end", w.end(), true);
            if (start != null && end != null && !start.isBefore(end)) {
                errors.add(new FieldError(at + ".end", "must be after start (" + w.start() + ")"));
            }
            return errors.size() > before ? null : new FreezeWindow(w.name(), zone, start, end, null, null, null,
                    w.reason());
        }
        Set<DayOfWeek> days = new LinkedHashSet<>();
        if (w.days() == null || w.days().isEmpty()) {
            errors.add(new FieldError(at + ".days", "is required: one or more of MONDAY..SUNDAY (or MON..SUN)"));
        } else {
            for (int j = 0; j < w.days().size(); j++) {
                DayOfWeek day = day(w.days().get(j));
                if (day == null) {
                    errors.add(new FieldError(at + ".days[" + j + "]", "must be MONDAY..SUNDAY or MON..SUN, got '"
                            + w.days().get(j) + "'"));
                } else {
                    days.add(day);
                }
            }
        }
        LocalTime from = time(errors, at + ".from", w.from());
        LocalTime to = time(errors, at + ".to", w.to());
        return errors.size() > before ? null : new FreezeWindow(w.name(), zone, null, null, days, from, to,
                w.reason());
    }

    private static DayOfWeek day(String value) {
        if (value == null) {
            return null;
        }
        String v = value.trim().toUpperCase(Locale.ROOT);
        for (DayOfWeek d : DayOfWeek.values()) {
            if (d.name().equals(v) || d.name().substring(0, 3).equals(v)) {
                return d;
            }
        }
        return null;
    }

    private static LocalTime time(List<FieldError> errors, String field, String value) {
        if (value == null) {
            errors.add(new FieldError(field, "is required (local time such as 18:00)"));
            return null;
        }
        try {
            return LocalTime.parse(value);
        } catch (DateTimeParseException e) {
            errors.add(new FieldError(field, "must be a local time such as 18:00, got '" + value + "'"));
            return null;
        }
    }

    /** A local date-time, or a date: its start, or for an end the start of the next day (the date is included). */
    private static LocalDateTime dateTime(List<FieldError> errors, String field, String value, boolean end) {
        if (value == null) {
            errors.add(new FieldError(field, "is required (local date-time such as 2026-12-20T18:00, or a date)"));
            return null;
        }
        try {
            return value.contains("T") ? LocalDateTime.parse(value)
                    : end ? LocalDate.parse(value).plusDays(1).atStartOfDay() : LocalDate.parse(value).atStartOfDay();
        } catch (DateTimeParseException e) {
            errors.add(new FieldError(field, "must be a local date-time such as 2026-12-20T18:00 or a date such as"
                    + " 2026-12-20, got '" + value + "'"));
            return null;
        }
    }

    private static Duration duration(List<FieldError> errors, String field, String value, Duration fallback,
            Duration max) {
        if (value == null) {
            return fallback;
        }
        try {
            Duration d = Duration.parse(value);
            if (d.isNegative() || d.compareTo(max) > 0) {
                errors.add(new FieldError(field, "must be between PT0S and " + max + ", got " + value));
                return null;
            }
            return d;
        } catch (DateTimeParseException e) {
            errors.add(new FieldError(field, "must be an ISO-8601 duration such as PT10M, got '" + value + "'"));
            return null;
        }
    }
}
