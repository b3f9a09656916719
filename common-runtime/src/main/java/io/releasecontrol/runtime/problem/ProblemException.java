package io.releasecontrol.runtime.problem;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An error the API reports as problem+json: a stable {@link ProblemType}, a precise detail
 * for a human, and extensions a client can act on (e.g. {@code runningDeploymentId} on a 409).
 */
public class ProblemException extends RuntimeException {

    private final ProblemType type;
    private final Map<String, Object> extensions;

    public ProblemException(ProblemType type, String detail) {
        this(type, detail, Map.of());
    }

    public ProblemException(ProblemType type, String detail, Map<String, ?> extensions) {
        super(detail);
        this.type = type;
        this.extensions = Collections.unmodifiableMap(new LinkedHashMap<>(extensions));
    }

    public static ProblemException notFound(String detail) {
        return new ProblemException(ProblemType.NOT_FOUND, detail);
    }

    public static ProblemException conflict(String detail, Map<String, ?> extensions) {
        return new ProblemException(ProblemType.CONFLICT, detail, extensions);
    }

    public static ProblemException unprocessable(String detail) {
        return new ProblemException(ProblemType.UNPROCESSABLE, detail);
    }

    /** A single-field validation failure found by business code (bean validation is handled apart). */
    public static ProblemException invalid(String field, String message) {
        return new ProblemException(ProblemType.VALIDATION, field + ": " + message,
                Map.of("errors", java.util.List.of(new FieldError(field, message))));
    }

    public ProblemType type() {
        return type;
    }

    public Map<String, Object> extensions() {
        return extensions;
    }

    /** One entry of the {@code errors} extension of a validation problem. */
    public record FieldError(String field, String message) {
    }
}
