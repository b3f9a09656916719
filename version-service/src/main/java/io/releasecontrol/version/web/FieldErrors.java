package io.releasecontrol.version.web;

import io.releasecontrol.runtime.problem.ProblemException;
import io.releasecontrol.runtime.problem.ProblemException.FieldError;
import io.releasecontrol.runtime.problem.ProblemType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Collects every problem of a request body before anything is written, then answers one 400
 * validation problem listing them all ({@code errors:[{field, message}]}).
 */
public final class FieldErrors {

    private final List<FieldError> errors = new ArrayList<>();

    public FieldErrors check(boolean ok, String field, String message) {
        if (!ok) {
            errors.add(new FieldError(field, message));
        }
        return this;
    }

    public FieldErrors add(String field, String message) {
        errors.add(new FieldError(field, message));
        return this;
    }

    /** Required text, at most {@code max} characters. */
    public boolean text(String value, String field, int max, boolean required) {
        if (value == null || value.isBlank()) {
            check(!required, field, "is required");
            return false;
        }
        check(value.length() <= max, field, "must be at most " + max + " characters");
        return value.length() <= max;
    }

    public void matches(String value, Pattern pattern, String field, String message) {
        if (value != null && !pattern.matcher(value).matches()) {
            errors.add(new FieldError(field, message));
        }
    }

    /** One of a fixed set of values, with the set in the message. */
    public void oneOf(String value, Set<String> allowed, String field, boolean required) {
        if (value == null) {
            check(!required, field, "is required (one of " + String.join(", ", sorted(allowed)) + ")");
        } else if (!allowed.contains(value)) {
            errors.add(new FieldError(field, "must be one of " + String.join(", ", sorted(allowed)) + " (got '" + value + "')"));
        }
    }

    private static List<String> sorted(Set<String> values) {
        return values.stream().sorted().toList();
    }

    public boolean isEmpty() {
        return errors.isEmpty();
    }

    public void throwIfAny() {
        if (errors.isEmpty()) {
            return;
        }
        String detail = errors.size() + " invalid field(s): " + String.join("; ",
                errors.stream().map(e -> e.field() + " " + e.message()).toList());
        throw new ProblemException(ProblemType.VALIDATION, detail, Map.of("errors", List.copyOf(errors)));
    }
}
