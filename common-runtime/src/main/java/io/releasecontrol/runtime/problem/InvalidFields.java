package io.releasecontrol.runtime.problem;

import io.releasecontrol.runtime.problem.ProblemException.FieldError;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ElementKind;
import jakarta.validation.Path;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The 400 validation problem ({@code errors:[{field, message}]}) of a request that breaks its Jakarta
 * Bean Validation constraints, or that fails a check written by hand. Errors follow the request: fields
 * in the order their record declares them, list elements by index ({@code changes[0].title}), map
 * entries in the order they were sent ({@code compatibility.postgresql}). A value reports one failure,
 * the one to fix first: a missing value, else a too long one, else any other (a blank store name is
 * "is required", not also "must be a store name"); a map entry's key and value are two values. What a
 * check across fields written by hand finds joins the same list in the same order, after a violation
 * of the same field, which it does not repeat.
 */
public final class InvalidFields {

    private InvalidFields() {
    }

    /** Throws the validation problem naming every invalid field, if there is one. */
    public static void throwIfAny(Set<? extends ConstraintViolation<?>> violations) {
        throwIfAny(of(violations));
    }

    /**
     * Throws the validation problem naming every invalid field of a {@code request} body, if there is
     * one: its violations and what checks across its fields found, all in the request's order.
     */
    public static void throwIfAny(Class<?> request, Set<? extends ConstraintViolation<?>> violations,
            List<FieldError> checkedInCode) {
        throwIfAny(of(request, violations, checkedInCode));
    }

    public static void throwIfAny(List<FieldError> errors) {
        if (!errors.isEmpty()) {
            throw problem(errors);
        }
    }

    /** The 400 listing {@code errors} in the given order; the detail repeats them for a human. */
    public static ProblemException problem(List<FieldError> errors) {
        String detail = errors.size() + " invalid field(s): " + String.join("; ",
                errors.stream().map(e -> e.field() + " " + e.message()).toList());
        return new ProblemException(ProblemType.VALIDATION, detail, Map.of("errors", List.copyOf(errors)));
    }

    /** One error per invalid value, in the request's order. */
    public static List<FieldError> of(Set<? extends ConstraintViolation<?>> violations) {
        return ranked(violations).stream().map(Ranked::error).toList();
    }

    /**
     * One error per invalid value of a {@code request} body, in its order: its violations, and the errors
     * of checks across fields ({@code freezeWindows[0].end}) on fields that have no violation.
     */
    public static List<FieldError> of(Class<?> request, Set<? extends ConstraintViolation<?>> violations,
            List<FieldError> checkedInCode) {
        List<Ranked> errors = new ArrayList<>(ranked(violations));
        Set<String> invalid = new HashSet<>();
        errors.forEach(r -> invalid.add(r.error().field()));
        for (FieldError e : checkedInCode) {
            if (invalid.add(e.field())) {
                errors.add(new Ranked(RequestOrder.positionOf(request, e.field()), Ranked.CHECKED_IN_CODE,
                        e.field(), e));
            }
        }
        return errors.stream().sorted(Ranked.ORDER).map(Ranked::error).toList();
    }

    private static List<Ranked> ranked(Set<? extends ConstraintViolation<?>> violations) {
        Set<String> reported = new HashSet<>();
        return violations.stream().map(Ranked::of).sorted(Ranked.ORDER)
                .filter(r -> reported.add(r.path()))
                .toList();
    }

    /** A violation with where it sits in the request and how urgent it is among its field's failures. */
    private record Ranked(List<Integer> position, int rank, String path, FieldError error) {

        /** After every violation's rank: a field's own failure comes first. */
        static final int CHECKED_IN_CODE = 3;

        static final Comparator<Ranked> ORDER = Comparator.comparing(Ranked::position, Ranked::compare)
                .thenComparingInt(Ranked::rank)
                .thenComparing(r -> r.error().field())
                .thenComparing(r -> r.error().message());

        static Ranked of(ConstraintViolation<?> v) {
            Class<?> constraint = v.getConstraintDescriptor().getAnnotation().annotationType();
            int rank = constraint == NotNull.class || constraint == NotBlank.class || constraint == NotEmpty.class ? 0
                    : constraint == Size.class ? 1 : 2;
            // the provider's path text tells a map key from its value; the field name does not
            return new Ranked(RequestOrder.positionOf(v), rank, v.getPropertyPath().toString(),
                    new FieldError(field(v.getPropertyPath()), v.getMessage()));
        }

        // shorter first when one is the start of the other: "changes" before "changes[0].title"
        private static int compare(List<Integer> a, List<Integer> b) {
            for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
                int c = Integer.compare(a.get(i), b.get(i));
                if (c != 0) {
                    return c;
                }
            }
            return Integer.compare(a.size(), b.size());
        }
    }

    /** {@code name}, {@code changes[0].title}, {@code compatibility.postgresql}; {@code body} for the body itself. */
    static String field(Path path) {
        StringBuilder field = new StringBuilder();
        for (Path.Node node : path) {
            if (node.isInIterable()) {
                field.append(node.getIndex() != null ? "[" + node.getIndex() + "]"
                        : node.getKey() != null ? "." + node.getKey() : "[]");
            }
            if (node.getKind() == ElementKind.PROPERTY) {
                field.append(field.isEmpty() ? "" : ".").append(node.getName());
            }
        }
        return field.isEmpty() ? "body" : field.toString();
    }
}
