package io.releasecontrol.runtime.problem;

import io.releasecontrol.runtime.problem.ProblemException.FieldError;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ElementKind;
import jakarta.validation.Path;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
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
 * "is required", not also "must be a store name"); a map entry's key and value are two values.
 */
public final class InvalidFields {

    private InvalidFields() {
    }

    /** Throws the validation problem naming every invalid field, if there is one. */
    public static void throwIfAny(Set<? extends ConstraintViolation<?>> violations) {
        throwIfAny(of(violations));
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
        Set<String> reported = new HashSet<>();
        return violations.stream().map(Ranked::of).sorted(Ranked.ORDER)
                .filter(r -> reported.add(r.path()))
                .map(Ranked::error).toList();
    }

    /** A violation with where it sits in the request and how urgent it is among its field's failures. */
    private record Ranked(List<Integer> position, int rank, String path, FieldError error) {

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
