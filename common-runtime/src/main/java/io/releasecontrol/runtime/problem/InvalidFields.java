package io.releasecontrol.runtime.problem;

import io.releasecontrol.runtime.problem.ProblemException.FieldError;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ElementKind;
import jakarta.validation.Path;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Field;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Arrays;
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

    // a map key's and a map value's constraints report on the same field: the key's first
    private static final String MAP_KEY = "<map key>";

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
            return new Ranked(positionOf(v), rank, v.getPropertyPath().toString(),
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

    /**
     * Where a violation sits: per property its index among its class's record components (or fields),
     * per list element its index, per map entry its index in the map as sent.
     */
    private static List<Integer> positionOf(ConstraintViolation<?> v) {
        List<Integer> position = new ArrayList<>();
        Type type = v.getRootBeanClass();
        Object container = null;
        for (Path.Node node : v.getPropertyPath()) {
            if (node.isInIterable()) {
                position.add(node.getIndex() != null ? node.getIndex() : indexOfKey(container, node.getKey()));
                type = elementType(type);
            }
            if (node.getKind() == ElementKind.PROPERTY) {
                Class<?> owner = rawClass(type);
                List<? extends AnnotatedElement> declared = declared(owner);
                int index = indexOf(declared, node.getName());
                position.add(index);
                type = index < declared.size() ? genericType(declared.get(index)) : Object.class;
                container = node instanceof org.hibernate.validator.path.PropertyNode p ? p.getValue() : null;
            } else if (node.getKind() == ElementKind.CONTAINER_ELEMENT) {
                position.add(MAP_KEY.equals(node.getName()) ? 0 : 1);
            }
        }
        return position;
    }

    private static int indexOfKey(Object container, Object key) {
        if (container instanceof Map<?, ?> map) {
            int i = 0;
            for (Object k : map.keySet()) {
                if (k != null && k.equals(key)) {
                    return i;
                }
                i++;
            }
        }
        return 0;
    }

    private static List<? extends AnnotatedElement> declared(Class<?> owner) {
        if (owner.isRecord()) {
            return Arrays.asList(owner.getRecordComponents());
        }
        return Arrays.stream(owner.getDeclaredFields()).filter(f -> !f.isSynthetic()).toList();
    }

    private static int indexOf(List<? extends AnnotatedElement> declared, String name) {
        for (int i = 0; i < declared.size(); i++) {
            AnnotatedElement e = declared.get(i);
            if (name.equals(e instanceof RecordComponent rc ? rc.getName() : ((Field) e).getName())) {
                return i;
            }
        }
        return declared.size();
    }

    private static Type genericType(AnnotatedElement element) {
        return element instanceof RecordComponent rc ? rc.getGenericType() : ((Field) element).getGenericType();
    }

    /** {@code List<X>} and {@code Set<X>} give X, {@code Map<K, V>} gives V. */
    private static Type elementType(Type container) {
        if (container instanceof ParameterizedType p) {
            Type[] args = p.getActualTypeArguments();
            return Map.class.isAssignableFrom(rawClass(p)) ? args[1] : args[0];
        }
        return rawClass(container).isArray() ? rawClass(container).getComponentType() : Object.class;
    }

    private static Class<?> rawClass(Type type) {
        if (type instanceof Class<?> c) {
            return c;
        }
        return type instanceof ParameterizedType p ? (Class<?>) p.getRawType() : Object.class;
    }
}
