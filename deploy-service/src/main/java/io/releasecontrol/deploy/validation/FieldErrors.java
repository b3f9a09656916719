package io.releasecontrol.deploy.validation;

import io.releasecontrol.runtime.problem.ProblemException;
import io.releasecontrol.runtime.problem.ProblemException.FieldError;
import io.releasecontrol.runtime.problem.ProblemType;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** The 400 every request validator of this service answers with, and the names they share. */
public final class FieldErrors {

    /** Application and environment names (DESIGN §10). */
    public static final Pattern NAME = Pattern.compile(Names.NAME);

    private FieldErrors() {
    }

    /** A validation problem naming every bad field, sorted by field. */
    public static ProblemException invalid(List<FieldError> errors) {
        List<FieldError> sorted = errors.stream().sorted(Comparator.comparing(FieldError::field)).toList();
        String detail = sorted.size() + " invalid field(s): " + String.join("; ",
                sorted.stream().map(e -> e.field() + " " + e.message()).toList());
        return new ProblemException(ProblemType.VALIDATION, detail, Map.of("errors", sorted));
    }

    /** Adds an error unless {@code value} is a valid name. */
    public static void name(List<FieldError> errors, String field, String value) {
        if (value == null || value.isBlank()) {
            errors.add(new FieldError(field, "is required"));
        } else if (!NAME.matcher(value).matches()) {
            errors.add(new FieldError(field, "must match " + NAME.pattern() + ", got '" + value + "'"));
        }
    }
}
